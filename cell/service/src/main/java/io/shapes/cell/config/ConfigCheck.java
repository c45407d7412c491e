package io.shapes.cell.config;

import java.util.List;

import io.quarkus.runtime.StartupEvent;
import io.shapes.core.Names;
import io.shapes.core.Secrets;
import io.shapes.core.ShapeTypes;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Refuses to start a cell whose configuration makes no sense, naming the key and quoting the value. */
@Singleton
public class ConfigCheck {
    /** Settings that are secrets: never accepted as {@code -D} arguments. */
    static final List<String> SECRETS = List.of("shapes.cell.data-token", "shapes.cell.admin-token",
            "shapes.cell.db.password");

    void onStart(@Observes StartupEvent event, CellConfig config) {
        require(config.capacity() > 0, "shapes.cell.capacity", config.capacity(), "must be > 0");
        require(config.maxInFlight() > 0, "shapes.cell.max-in-flight", config.maxInFlight(), "must be > 0");
        require(config.countStripes() > 0 && config.countStripes() <= 64, "shapes.cell.count-stripes",
                config.countStripes(), "must be in 1..64");
        Secrets.requireNotOnCommandLine(Secrets.ownArguments(), SECRETS);
        Secrets.requireStrongToken("shapes.cell.data-token", config.dataToken());
        Secrets.requireStrongToken("shapes.cell.admin-token", config.adminToken());
        if (config.dataToken().equals(config.adminToken())) {
            throw new IllegalStateException("invalid cell configuration: shapes.cell.data-token and"
                    + " shapes.cell.admin-token must differ, or a router's token would open the admin API");
        }
        require(config.fenceHoldMs() >= 0, "shapes.cell.fence-hold-ms", config.fenceHoldMs(), "must be >= 0");
        require(config.fenceHoldMaxWrites() >= 0, "shapes.cell.fence-hold-max-writes", config.fenceHoldMaxWrites(),
                "must be >= 0");
        require(config.maxPageSize() > 0, "shapes.cell.max-page-size", config.maxPageSize(), "must be > 0");
        require(config.db().readConnections() > 0 && config.db().readConnections() <= 64,
                "shapes.cell.db.read-connections", config.db().readConnections(), "must be in 1..64");
        try {
            Names.requireCellName(config.name());
            new ShapeTypes(config.types());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid cell configuration: " + e.getMessage(), e);
        }
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalStateException("invalid cell configuration: " + key + "='" + value + "' " + rule);
        }
    }
}
