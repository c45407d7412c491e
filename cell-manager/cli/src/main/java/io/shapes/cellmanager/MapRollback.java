package io.shapes.cellmanager;

import java.util.List;
import java.util.Map;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Publishes a new map version equal to version V. Refused if it would hand a bucket to a cell"
                + " that no longer holds its data (every range of V must be owned, or fenced, by its cell now).",
        footer = {"", "Example:", "  cell-manager map rollback 3"})
class MapRollback implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "V", description = "the version to restore")
    long version;

    @Override
    public void run() {
        if (version < 1) {
            throw new UsageException("V must be a map version: 1 or more (see map history)");
        }
        ControlStore store = connection.store();
        RoutingMap target = store.maps().get(version).orElseThrow(() ->
                new IllegalStateException("there is no map version " + version));
        RoutingMap current = store.maps().latest().orElseThrow();
        if (target.isEmpty() && !current.isEmpty()) {
            throw new IllegalStateException("refused: version " + version + " has no ranges and would leave every"
                    + " bucket without a cell");
        }
        CellAdminClient cells = connection.cells();
        for (RangeAssignment range : target.ranges()) {
            var url = target.cell(range.cell()).orElseThrow().url();
            List<RangeOwnership> held = cells.ownership(url).join();
            boolean holds = held.stream().filter(h -> h.state() == OwnershipState.OWNED || h.state() == OwnershipState.FENCED)
                    .mapToInt(h -> Math.max(0, Math.min(h.to(), range.to()) - Math.max(h.from(), range.from())))
                    .sum() == range.range().size();
            if (!holds) {
                throw new IllegalStateException("refused: version " + version + " gives buckets " + range.range()
                        + " to " + range.cell() + ", which no longer holds their data");
            }
        }
        RoutingMap restored = store.maps().append(current.next(target.cells(), target.ranges()),
                "rollback to version " + version);
        output.print(Map.of("version", restored.version(), "restoredFrom", version),
                "map version " + restored.version() + " restores version " + version);
    }
}
