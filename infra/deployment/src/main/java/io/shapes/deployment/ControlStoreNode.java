package io.shapes.deployment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import io.shapes.control.ControlStore;
import io.shapes.postgres.PostgresServer;

/**
 * The control store as a node of the deployment, beside {@link CellNode} and {@link RouterNode}: its PostgreSQL,
 * the logins of those who use it, and one client of it for the deployment (tests create tenants through it).
 */
public final class ControlStoreNode implements AutoCloseable {
    private final Path dir;
    private final boolean detached;
    private volatile PostgresServer database;
    private ControlStore client;
    private String clientAt;

    private ControlStoreNode(Path dir, boolean detached, PostgresServer database) {
        this.dir = dir;
        this.detached = detached;
        this.database = database;
    }

    /** Starts (or starts again) the control store's PostgreSQL in {@code dir}. */
    static ControlStoreNode start(Path dir, boolean detached) {
        ControlStoreNode node = new ControlStoreNode(dir, detached, null);
        node.startDatabase();
        return node;
    }

    /** The control store found running in {@code dir}, if it is. */
    static ControlStoreNode attach(Path dir) {
        return new ControlStoreNode(dir, true, PostgresServer.running(dir).orElse(null));
    }

    /** Starts its PostgreSQL again on the same data directory and port. */
    public void startDatabase() {
        database = PostgresServer.start(dir, detached ? PostgresServer.Options.detached(0)
                : PostgresServer.Options.forTests());
    }

    /** Its PostgreSQL, if it runs. */
    public Optional<PostgresServer> database() {
        return Optional.ofNullable(database);
    }

    public boolean isRunning() {
        return database != null && database.isRunning();
    }

    /** The client of the deployment, replaced when the PostgreSQL moved to another address. */
    public synchronized ControlStore client() {
        PostgresServer running = running();
        if (client == null || !running.jdbcUrl().equals(clientAt)) {
            if (client != null) {
                client.close();
            }
            client = ControlStore.at(running.jdbcUrl(), running.user(), running.password());
            clientAt = running.jdbcUrl();
        }
        return client;
    }

    /** The URL with the owner's credentials, as cell-manager takes it ({@code SHAPES_CONTROL_DB}). */
    public String ownerUrl() {
        PostgresServer running = running();
        return url(running, running.user(), running.password());
    }

    /** The URL with a SELECT-only login named {@code role}, made if it is new. */
    String readOnlyUrl(String role) {
        PostgresServer running = running();
        PostgresServer.Login login = running.readOnlyLogin(role);
        return url(running, login.user(), login.password());
    }

    private static String url(PostgresServer database, String user, String password) {
        return database.jdbcUrl() + "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private PostgresServer running() {
        PostgresServer running = database;
        if (running == null) {
            throw new IllegalStateException("the control store's PostgreSQL is not running");
        }
        return running;
    }

    /** Fast shutdown of its PostgreSQL. */
    public void stopDatabase() {
        if (database != null) {
            database.stop();
        }
    }

    /** SIGKILL to its PostgreSQL. */
    public void killDatabase() {
        if (database != null) {
            database.kill();
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
