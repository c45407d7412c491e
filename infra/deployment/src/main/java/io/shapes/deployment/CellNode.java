package io.shapes.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Scheme;
import io.shapes.postgres.PostgresServer;

/** One cell as processes: its own PostgreSQL and the cell service in front of it. */
public final class CellNode implements AutoCloseable {
    private final String name;
    private final PostgresServer database;
    private final ServiceProcess service;

    private CellNode(String name, PostgresServer database, ServiceProcess service) {
        this.name = name;
        this.database = database;
        this.service = service;
    }

    /** How to run a cell. */
    public record Spec(String name, Scheme scheme, long capacity, int maxInFlight, String internalToken,
            List<String> jvmOptions) {
        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /** Starts the cell's database in {@code dir}/db and the cell on a free port; returns once it is ready. */
    public static CellNode start(Spec spec, Path dir) {
        PostgresServer database = PostgresServer.start(dir.resolve("db"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("shapes.cell.name", spec.name());
        properties.put("shapes.cell.scheme", spec.scheme().wireName());
        properties.put("shapes.cell.capacity", String.valueOf(spec.capacity()));
        properties.put("shapes.cell.max-in-flight", String.valueOf(spec.maxInFlight()));
        properties.put("shapes.cell.internal-token", spec.internalToken());
        properties.put("shapes.cell.db.host", database.host());
        properties.put("shapes.cell.db.port", String.valueOf(database.port()));
        properties.put("shapes.cell.db.name", database.database());
        properties.put("shapes.cell.db.user", database.user());
        properties.put("shapes.cell.db.password", database.password());
        ServiceProcess service = ServiceProcess.start(spec.name(), Artifacts.cellJar(), Ports.free(), properties,
                dir.resolve("cell.log"), spec.jvmOptions());
        try {
            service.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            service.kill();
            database.stop();
            throw e;
        }
        return new CellNode(spec.name(), database, service);
    }

    public String name() {
        return name;
    }

    public URI url() {
        return service.url();
    }

    public PostgresServer database() {
        return database;
    }

    public ServiceProcess service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
        database.stop();
    }
}
