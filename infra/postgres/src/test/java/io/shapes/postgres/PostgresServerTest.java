package io.shapes.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
    @TempDir
    Path dir;

    @Test
    void committedRowsSurviveSigkillOfThePostmaster() throws Exception {
        Path data = dir.resolve("data");
        try (PostgresServer server = PostgresServer.start(data)) {
            execute(server, "create table t (id int primary key)", "insert into t select generate_series(1, 100)");
            long pid = server.postmasterPid();
            server.kill();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "postmaster is dead");
        }
        try (PostgresServer restarted = PostgresServer.start(data)) {
            assertEquals(100, count(restarted), "every committed row is there after a crash and restart");
        }
    }

    @Test
    void killLeavesNoProcessOfTheServerAliveAndNoConnectionServed() throws Exception {
        try (PostgresServer server = PostgresServer.start(dir.resolve("data"));
                Connection pooled = server.connect();
                Connection other = server.connect()) {
            execute(server, "create table t (id int primary key)");
            long postmaster = server.postmasterPid();
            java.util.List<Long> family = ProcessHandle.of(postmaster).orElseThrow().descendants()
                    .map(ProcessHandle::pid).toList();
            long backend = backendPid(pooled);
            assertTrue(family.contains(backend), "a connection is served by a backend of the postmaster");
            assertTrue(family.size() >= 5, "checkpointer, writers, launcher and two backends: " + family);
            server.kill();
            for (long pid : family) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                        "process " + pid + " of the killed server is gone when kill returns");
            }
            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "postmaster is dead");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> execute(other, "insert into t values (1)"));
            assertTrue(e.getSQLState() == null || e.getSQLState().startsWith("08"),
                    "an open connection finds its server gone: " + e.getSQLState() + " " + e.getMessage());
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsDataPortAndPassword() throws Exception {
        Path data = dir.resolve("data");
        int port;
        String password;
        try (PostgresServer server = PostgresServer.start(data)) {
            execute(server, "create table t (id int primary key)", "insert into t values (1), (2)");
            port = server.port();
            password = server.password();
        }
        try (PostgresServer again = PostgresServer.start(data)) {
            assertEquals(2, count(again));
            assertEquals(port, again.port(), "a free previous port is reused");
            assertEquals(password, again.password());
            assertTrue(again.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), again.jdbcUrl());
        }
    }

    @Test
    void aPortTakenBetweenItsChoiceAndTheServersBindIsReplacedByAnother() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int free;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                free = probe.getLocalPort();
            }
            java.util.Iterator<Integer> offered = java.util.List.of(taken.getLocalPort(), free).iterator();
            try (PostgresServer server = PostgresServer.start(dir.resolve("data"), PostgresServer.Options.forTests(),
                    offered::next)) {
                assertEquals(free, server.port(), "started on the next port offered");
                execute(server, "create table t (id int primary key)", "insert into t values (1)");
                assertEquals(1, count(server));
            }
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        try (PostgresServer server = PostgresServer.start(dir.resolve("data"))) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> java.sql.DriverManager.getConnection(server.jdbcUrl(), PostgresServer.USER, "wrong"));
            assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        }
    }

    @Test
    void embeddedBinariesWorkWhenForced() throws Exception {
        String before = System.getProperty("shapes.postgres.binaries");
        System.setProperty("shapes.postgres.binaries", "embedded");
        try (PostgresServer server = PostgresServer.start(dir.resolve("embedded"))) {
            execute(server, "create table t (id int primary key)", "insert into t values (7)");
            assertEquals(1, count(server));
            assertEquals("embedded", PostgresBinaries.locate().source());
        } finally {
            if (before == null) {
                System.clearProperty("shapes.postgres.binaries");
            } else {
                System.setProperty("shapes.postgres.binaries", before);
            }
        }
    }

    static void execute(PostgresServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int count(PostgresServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
