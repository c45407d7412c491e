package io.shapes.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Scheme;
import io.shapes.postgres.NetworkHost;
import io.shapes.postgres.PostgresServer;

/**
 * One cell as processes: its own PostgreSQL and the cell service in front of it. Either may be killed and
 * restarted; both come back on the same ports with the same data.
 */
public final class CellNode implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private final String name;
    private final Path dir;
    private final boolean detached;
    private final NetworkHost host;
    private volatile PostgresServer database;
    private volatile ServiceProcess service;

    private CellNode(String name, Path dir, boolean detached, NetworkHost host, PostgresServer database,
            ServiceProcess service) {
        this.name = name;
        this.dir = dir;
        this.detached = detached;
        this.host = host;
        this.database = database;
        this.service = service;
    }

    /** The role a cell logs in to its own PostgreSQL with: the owner of its database, not a superuser. */
    static final String DATABASE_ROLE = "shapes_cell";

    /** How to run a cell. {@code properties} are extra {@code shapes.cell.*} or Quarkus settings (never secrets). */
    public record Spec(String name, Scheme scheme, long capacity, int maxInFlight, CellTokens tokens,
            List<String> jvmOptions, Map<String, String> properties) {
        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
            properties = Map.copyOf(properties);
        }

        public Spec(String name, Scheme scheme, long capacity, int maxInFlight, CellTokens tokens,
                List<String> jvmOptions) {
            this(name, scheme, capacity, maxInFlight, tokens, jvmOptions, Map.of());
        }
    }

    /** Starts the cell's database in {@code dir}/db and the cell on a free port; both end with this JVM. */
    public static CellNode start(Spec spec, Path dir) {
        return start(spec, dir, 0, false);
    }

    /**
     * Starts the cell's database in {@code dir}/db and the cell on {@code port} (0: a free one); returns once it is
     * ready. {@code detached}: both outlive this JVM (for the launcher), else they end with it.
     */
    public static CellNode start(Spec spec, Path dir, int port, boolean detached) {
        return start(spec, dir, port, detached, NetworkHost.LOOPBACK);
    }

    /** Like {@link #start(Spec, Path, int, boolean)}, the cell and its database both running on {@code host}. */
    public static CellNode start(Spec spec, Path dir, int port, boolean detached, NetworkHost host) {
        PostgresServer database = startDatabase(dir, detached, host);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("shapes.cell.name", spec.name());
        properties.put("shapes.cell.scheme", spec.scheme().wireName());
        properties.put("shapes.cell.capacity", String.valueOf(spec.capacity()));
        properties.put("shapes.cell.max-in-flight", String.valueOf(spec.maxInFlight()));
        PostgresServer.Login login = database.ownerLogin(DATABASE_ROLE);
        properties.put("shapes.cell.db.host", database.host());
        properties.put("shapes.cell.db.port", String.valueOf(database.port()));
        properties.put("shapes.cell.db.name", database.database());
        properties.put("shapes.cell.db.user", login.user());
        properties.putAll(spec.properties());
        Map<String, String> secrets = Map.of("shapes.cell.data-token", spec.tokens().dataToken(),
                "shapes.cell.admin-token", spec.tokens().adminToken(), "shapes.cell.db.password", login.password());
        ServiceProcess service = ServiceProcess.start(spec.name(), Artifacts.cellJar(), host,
                port == 0 ? Ports.free() : port, properties, secrets, dir.resolve("cell.log"), spec.jvmOptions());
        try {
            service.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            service.kill();
            database.stop();
            throw e;
        }
        return new CellNode(spec.name(), dir, detached, host, database, service);
    }

    /** The cell started earlier (perhaps by another JVM) in {@code dir}; its parts may or may not be running. */
    public static CellNode attach(String name, Path dir, ServiceProcess service) {
        return new CellNode(name, dir, true, NetworkHost.LOOPBACK, PostgresServer.running(dir.resolve("db")).orElse(null),
                service);
    }

    private static PostgresServer startDatabase(Path dir, boolean detached, NetworkHost host) {
        return PostgresServer.start(dir.resolve("db"), (detached ? PostgresServer.Options.detached(0)
                : PostgresServer.Options.forTests()).on(host));
    }

    public String name() {
        return name;
    }

    public URI url() {
        return service.url();
    }

    /** Where the cell and its database run. */
    public NetworkHost host() {
        return host;
    }

    /** The cell's PostgreSQL, if it runs. */
    public java.util.Optional<PostgresServer> database() {
        return java.util.Optional.ofNullable(database);
    }

    public ServiceProcess service() {
        return service;
    }

    /** Starts the cell service again on its port (killing it first if it still runs) and waits until ready. */
    public CellNode restart() {
        service = service.restart();
        service.awaitReady(READY_TIMEOUT);
        return this;
    }

    /** SIGKILL to the cell's PostgreSQL postmaster. */
    public void killDatabase() {
        if (database != null) {
            database.kill();
        }
    }

    /** Starts the cell's PostgreSQL again (stopping it first if it runs) on the same data directory and port. */
    public void restartDatabase() {
        if (database != null) {
            database.stop();
        }
        database = startDatabase(dir, detached, host);
    }

    @Override
    public void close() {
        service.close();
        if (database != null) {
            database.stop();
        }
    }
}
