package io.shapes.cell;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.shapes.cell.data.PipelinedReads;
import io.shapes.postgres.PostgresServer;

/**
 * A real PostgreSQL for the cell under test: one server per test JVM, a fresh database for every start of the
 * application (each test profile starts it anew), so tests never see another profile's rows.
 */
public class CellDatabase implements QuarkusTestResourceLifecycleManager {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;
    private static String database;
    private static final String READ_CONNECTIONS = "select %s from pg_stat_activity where datname = current_database()"
            + " and application_name = '" + PipelinedReads.APPLICATION_NAME + "'";

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

    /** The number a query of the current application's database answers (a count): its first row's first column. */
    public static long number(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** How many connections of getShape's pipelined reads ({@link PipelinedReads}) are open to the database. */
    public static long readConnections() throws Exception {
        return number(READ_CONNECTIONS.formatted("count(*)"));
    }

    /** Drops every connection of getShape's pipelined reads, as a restart of the database would; how many it was. */
    public static long dropReadConnections() throws Exception {
        return number(READ_CONNECTIONS.formatted("count(pg_terminate_backend(pid))"));
    }

    /** A JDBC connection to the current application's database, for tests that act on it directly. */
    public static Connection connect() throws Exception {
        return java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + database, server.user(), server.password());
    }
}
