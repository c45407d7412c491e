package io.shapes.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.core.BucketRange;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.postgres.PostgresServer;
import io.shapes.snapshot.ApiKeys;

class ControlStoreTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    @TempDir
    static Path dir;
    private static PostgresServer server;
    private ControlStore store;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start(dir.resolve("control"));
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void freshStore() throws Exception {
        String name = "control_" + DATABASES.incrementAndGet();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        store = ControlStore.at("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + name, server.user(),
                server.password()).migrate();
    }

    @Test
    void initWritesTheDeploymentAndAnEmptyMapOnce() {
        store.deployment().init(Scheme.ID_RANGE, 100_000, 2);
        assertEquals(new Deployment(Scheme.ID_RANGE, 100_000, 2), store.deployment().require());
        RoutingMap map = store.maps().latest().orElseThrow();
        assertEquals(1, map.version());
        assertTrue(map.isEmpty());
        ControlStoreException again = assertThrows(ControlStoreException.class,
                () -> store.deployment().init(Scheme.TENANT, 5, 1));
        assertTrue(again.getMessage().contains("already initialised"), again.getMessage());
    }

    @Test
    void migrateIsIdempotent() {
        store.migrate().migrate();
        assertTrue(store.deployment().get().isEmpty());
    }

    @Test
    void mapVersionsAreAppendOnlyAndStrictlyNext() {
        store.deployment().init(Scheme.TENANT, 1000, 1);
        var cell = store.cells().add("cell-1", URI.create("http://127.0.0.1:9001"));
        RoutingMap v1 = store.maps().latest().orElseThrow();
        RoutingMap v2 = v1.next(List.of(cell), List.of(new RangeAssignment(BucketRange.ALL, "cell-1")));
        store.maps().append(v2, "cell add cell-1");
        assertEquals(v2, store.maps().latest().orElseThrow());
        assertEquals(v1, store.maps().get(1).orElseThrow(), "old versions are kept");
        assertThrows(MapVersions.ConcurrentMapChangeException.class, () -> store.maps().append(v2, "again"),
                "a version can be written only once");
        assertEquals(List.of(1L, 2L), store.maps().history().stream().map(MapVersions.Entry::version).toList());
    }

    @Test
    void cellsAreUniqueByNameAndUrl() {
        store.cells().add("cell-1", URI.create("http://127.0.0.1:9001"));
        assertThrows(ControlStoreException.class, () -> store.cells().add("cell-1", URI.create("http://127.0.0.1:9002")));
        assertThrows(ControlStoreException.class, () -> store.cells().add("cell-2", URI.create("http://127.0.0.1:9001")));
        store.cells().setState("cell-1", CellState.DRAINING);
        assertEquals(CellState.DRAINING, store.cells().get("cell-1").orElseThrow().state());
        store.cells().remove("cell-1");
        assertTrue(store.cells().all().isEmpty());
    }

    @Test
    void tenantKeysAreStoredOnlyAsHashesAndCanBeRevoked() throws Exception {
        Tenants.IssuedKey issued = store.tenants().create("acme");
        assertTrue(issued.apiKey().startsWith("shp_") && issued.apiKey().length() >= 40, issued.apiKey());
        Map<String, String> keys = store.tenants().activeKeyHashes();
        assertEquals(Map.of(ApiKeys.hash(issued.apiKey()), "acme"), keys);
        try (Connection c = store.connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from api_keys where key_hash = '" + issued.apiKey() + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the plain key is never stored");
        }
        assertThrows(ControlStoreException.class, () -> store.tenants().create("acme"),
                "creating an existing tenant is an error, not a silent second key");
        assertNotEquals(issued.apiKey(), store.tenants().addKey("acme").apiKey(), "each key is new");
        assertEquals(2, store.tenants().revoke("acme"));
        assertTrue(store.tenants().activeKeyHashes().isEmpty());
        assertThrows(ControlStoreException.class, () -> store.tenants().revoke("nobody"));
        assertThrows(IllegalArgumentException.class, () -> store.tenants().create("Bad Name"));
    }

    @Test
    void keyChangesSinceAMomentHoldNewAndRevokedKeysOnly() {
        Tenants.IssuedKey before = store.tenants().create("early");
        Tenants.KeyChanges all = store.tenants().keyChangesSince(null);
        assertTrue(all.changes().contains(new Tenants.KeyChange(ApiKeys.hash(before.apiKey()), "early", true)));
        Tenants.IssuedKey added = store.tenants().create("later");
        store.tenants().revoke("early");
        Tenants.KeyChanges changes = store.tenants().keyChangesSince(all.readAt());
        assertEquals(java.util.Set.of(new Tenants.KeyChange(ApiKeys.hash(added.apiKey()), "later", true),
                new Tenants.KeyChange(ApiKeys.hash(before.apiKey()), "early", false)),
                java.util.Set.copyOf(changes.changes()));
        assertTrue(store.tenants().keyChangesSince(changes.readAt()).changes().isEmpty());
    }

    @Test
    void aKeyIsRotatedByAddingTheNewOneThenRevokingTheOldOneById() {
        Tenants.IssuedKey old = store.tenants().create("rotor");
        Tenants.IssuedKey fresh = store.tenants().addKey("rotor");
        assertEquals(Map.of(ApiKeys.hash(old.apiKey()), "rotor", ApiKeys.hash(fresh.apiKey()), "rotor"),
                store.tenants().activeKeyHashes(), "both keys work while clients move over");
        assertEquals(ApiKeys.hash(old.apiKey()).substring(0, 12), old.keyId(), "the id is the start of the hash");
        store.tenants().revokeKey("rotor", old.keyId());
        assertEquals(Map.of(ApiKeys.hash(fresh.apiKey()), "rotor"), store.tenants().activeKeyHashes());
        assertThrows(ControlStoreException.class, () -> store.tenants().revokeKey("rotor", old.keyId()),
                "a revoked key cannot be revoked again");
        assertThrows(ControlStoreException.class, () -> store.tenants().revokeKey("acme", fresh.keyId()),
                "another tenant's key id is not this tenant's");
        assertThrows(IllegalArgumentException.class, () -> store.tenants().revokeKey("rotor", "shp_xyz"));
        assertThrows(ControlStoreException.class, () -> store.tenants().addKey("nobody"));
    }

    @Test
    void theAuditLogKeepsWhoDidWhatNewestFirst() {
        assertTrue(store.audit().record("alice@ops-1", "cell-manager tenant create acme"));
        assertTrue(store.audit().record("bob@ops-2", "cell-manager cell split cell-1 --into cell-2"));
        List<AuditLog.Entry> newest = store.audit().newest(10);
        assertEquals(List.of("bob@ops-2", "alice@ops-1"), newest.stream().map(AuditLog.Entry::actor).toList());
        assertEquals("cell-manager cell split cell-1 --into cell-2", newest.get(0).command());
        assertTrue(store.audit().record("eve@x", "x".repeat(5000)));
        assertTrue(store.audit().newest(1).get(0).command().length() <= 2001, "an overlong command line is cut");
    }

    @Test
    void beforeTheSchemaExistsNothingIsAuditedAndNothingFails() {
        try (ControlStore empty = ControlStore.at("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres",
                server.user(), server.password())) {
            assertFalse(empty.audit().record("alice@ops-1", "cell-manager init --scheme tenant"),
                    "no audit table yet: init records itself once it has made one");
        }
    }

    @Test
    void rateLimitOverridesAreStoredPerTenant() {
        store.tenants().create("acme");
        store.tenants().setRateLimit("acme", 50);
        assertEquals(Map.of("acme", 50), store.tenants().rateLimitOverrides());
    }

    @Test
    void splitPhasesMoveOnlyAlongLegalTransitions() {
        store.cells().add("cell-1", URI.create("http://127.0.0.1:9001"));
        store.cells().add("cell-2", URI.create("http://127.0.0.1:9002"));
        store.cells().add("cell-3", URI.create("http://127.0.0.1:9003"));
        assertEquals(SplitsInFlight.NONE, store.splits().inFlight());
        Split split = store.splits().create("cell-1", "cell-2", new BucketRange(8192, 16384));
        assertEquals(SplitPhase.PLANNED, split.phase());
        assertEquals(1, store.splits().inFlight().running());
        assertThrows(ControlStoreException.class,
                () -> store.splits().create("cell-1", "cell-3", new BucketRange(0, 10)), "one open split per cell");
        assertThrows(SplitPhase.IllegalPhaseChangeException.class,
                () -> store.splits().advance(split.id(), SplitPhase.PLANNED, SplitPhase.SWITCHED, "skip"));
        store.splits().advance(split.id(), SplitPhase.PLANNED, SplitPhase.COPYING, "copy");
        assertThrows(ControlStoreException.class,
                () -> store.splits().advance(split.id(), SplitPhase.PLANNED, SplitPhase.COPYING, "stale"),
                "a move from a phase the split has left is refused");
        store.splits().recordProgress(split.id(), 1234, 1000);
        Split progressed = store.splits().get(split.id()).orElseThrow();
        assertEquals(1234, progressed.copiedThrough());
        assertEquals(1000, progressed.rowsCopied());
        store.splits().advance(split.id(), SplitPhase.COPYING, SplitPhase.ABORTING, "abort");
        SplitsInFlight aborting = store.splits().inFlight();
        assertEquals(1, aborting.running());
        assertTrue(aborting.longestInPhaseSeconds() >= 0 && aborting.longestInPhaseSeconds() < 60,
                "the time in the current phase counts from the last move: " + aborting);
        store.splits().advance(split.id(), SplitPhase.ABORTING, SplitPhase.ABORTED, "aborted");
        assertEquals(SplitsInFlight.NONE, store.splits().inFlight(), "a finished split is not in flight");
        assertFalse(SplitPhase.SWITCHED.isAbortable());
        store.splits().create("cell-1", "cell-3", new BucketRange(0, 10));
    }
    @Test
    void aFencedSplitIsVerifiedTogetherWithItsMapOrNotAtAll() {
        store.deployment().init(Scheme.TENANT, 1000, 1);
        var one = store.cells().add("cell-1", URI.create("http://127.0.0.1:9001"));
        var two = store.cells().add("cell-2", URI.create("http://127.0.0.1:9002"));
        RoutingMap v2 = store.maps().latest().orElseThrow().next(List.of(one, two),
                List.of(new RangeAssignment(BucketRange.ALL, "cell-1")));
        store.maps().append(v2, "cells");
        BucketRange moved = new BucketRange(8192, 16384);
        Split split = store.splits().create("cell-1", "cell-2", moved);
        for (SplitPhase[] step : new SplitPhase[][] { { SplitPhase.PLANNED, SplitPhase.COPYING },
                { SplitPhase.COPYING, SplitPhase.CATCHING_UP }, { SplitPhase.CATCHING_UP, SplitPhase.FENCED } }) {
            store.splits().advance(split.id(), step[0], step[1], "on");
        }
        RoutingMap stale = v2.reassign(moved, "cell-2");
        store.maps().append(v2.reassign(new BucketRange(0, 10), "cell-2"), "another change first");
        assertThrows(MapVersions.ConcurrentMapChangeException.class,
                () -> store.splits().verifiedWithMap(split.id(), stale, "split"), "built on a map no longer newest");
        assertEquals(SplitPhase.FENCED, store.splits().get(split.id()).orElseThrow().phase(), "and not verified");
        assertEquals(3, store.maps().latest().orElseThrow().version());

        RoutingMap next = store.maps().latest().orElseThrow().reassign(moved, "cell-2");
        Split verified = store.splits().verifiedWithMap(split.id(), next, "split");
        assertEquals(SplitPhase.VERIFIED, verified.phase());
        assertEquals(next, store.maps().latest().orElseThrow(), "verified with the map, in one statement");
        RoutingMap after = next.reassign(moved, "cell-1");
        assertThrows(ControlStoreException.class, () -> store.splits().verifiedWithMap(split.id(), after, "again"),
                "a split no longer fenced is not verified again");
        assertEquals(next, store.maps().latest().orElseThrow(), "and its map is not written");
    }

    @Test
    void theWritePauseIsTheFencingProcesssMeasureOrElseTheStoresFromTheRecordedFence() throws Exception {
        Split measured = fencedSplit("cell-1", "cell-2");
        Split switched = store.splits().recordSwitch(measured.id(), 7, 42L);
        assertEquals(42L, switched.writePauseMs(), "the measure of the process that fenced and switched");
        assertEquals(7L, switched.mapVersion());

        Split resumed = fencedSplit("cell-3", "cell-4");
        Thread.sleep(30); // the pause of a split resumed after its fence spans the time no process watched it
        Split recorded = store.splits().recordSwitch(resumed.id(), 8, null);
        assertTrue(recorded.writePauseMs() >= 30, "from the recorded fence time: " + recorded.writePauseMs());
        assertEquals(8L, recorded.mapVersion());
    }

    private Split fencedSplit(String source, String target) {
        Split split = store.splits().create(source, target, new BucketRange(8192, 16384));
        for (SplitPhase[] step : new SplitPhase[][] { { SplitPhase.PLANNED, SplitPhase.COPYING },
                { SplitPhase.COPYING, SplitPhase.CATCHING_UP }, { SplitPhase.CATCHING_UP, SplitPhase.FENCED } }) {
            split = store.splits().advance(split.id(), step[0], step[1], "on");
        }
        assertNotNull(split.fencedAt(), "the move to fenced records the fence time");
        return split;
    }

    @Test
    void theRoutersRoleReadsTheControlStoreButCannotChangeIt() throws Exception {
        try (ControlStore shapes = ControlStore.at(server.jdbcUrl(), server.user(), server.password()).migrate()) {
            shapes.deployment().init(io.shapes.core.Scheme.TENANT, 1000, 1);
            shapes.tenants().create("acme");
            PostgresServer.Login publisher = server.readOnlyLogin("shapes_publisher");
            try (java.sql.Connection c = server.connect(publisher); java.sql.Statement s = c.createStatement()) {
                try (java.sql.ResultSet rs = s.executeQuery("select count(*) from api_keys")) {
                    assertTrue(rs.next() && rs.getInt(1) == 1, "the publisher's role reads the key hashes");
                }
                try (java.sql.ResultSet rs = s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
                    assertTrue(rs.next() && !rs.getBoolean(1), "not a superuser");
                }
                for (String write : List.of("insert into tenants (name) values ('mallory')",
                        "update api_keys set revoked_at = null", "delete from api_keys",
                        "create table stolen (x int)")) {
                    java.sql.SQLException refused = assertThrows(java.sql.SQLException.class, () -> s.execute(write),
                            "the publisher's role must not run: " + write);
                    assertEquals("42501", refused.getSQLState(), write + ": permission denied, not another error");
                }
            }
        }
    }

    @Test
    void aCellsOwnerRoleOwnsItsDatabaseWithoutBeingASuperuser() throws Exception {
        PostgresServer.Login owner = server.ownerLogin("shapes_cell");
        try (java.sql.Connection c = server.connect(owner); java.sql.Statement s = c.createStatement()) {
            s.execute("create table if not exists owned (x int)");
            s.execute("insert into owned values (1)");
            try (java.sql.ResultSet rs = s.executeQuery("select rolsuper, rolcreaterole, rolcreatedb from pg_roles"
                    + " where rolname = current_user")) {
                assertTrue(rs.next() && !rs.getBoolean(1) && !rs.getBoolean(2) && !rs.getBoolean(3),
                        "the owner role may not become anyone else");
            }
            assertThrows(java.sql.SQLException.class, () -> s.execute("alter system set fsync = off"),
                    "only a superuser changes the server");
        }
    }
}
