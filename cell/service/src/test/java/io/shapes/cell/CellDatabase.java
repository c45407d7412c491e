package io.shapes.cell;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shapes.postgres.PostgresServer;

/**
 * A real PostgreSQL for the cell under test: one server per test JVM, a fresh database for every start of the
 * application (each test profile starts it anew), so tests never see another profile's rows.
 */
public class CellDatabase implements QuarkusTestResourceLifecycleManager {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;
    private static String database;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = PostgresServer.start(Path.of("target", "test-postgres", "cell").toAbsolutePath());
        }
        database = "cell_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
            s.execute("create database " + database);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the test database", e);
        }
        return Map.of("shapes.cell.db.host", server.host(), "shapes.cell.db.port", String.valueOf(server.port()),
                "shapes.cell.db.name", database, "shapes.cell.db.user", server.user(),
                "shapes.cell.db.password", server.password());
    }

    @Override
    public void stop() {
        // the server stops with the JVM; databases are dropped on the next run of the same name
    }

    /** A JDBC connection to the current application's database, for tests that act on it directly. */
    public static Connection connect() throws Exception {
        return java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database, server.user(), server.password());
    }
}
