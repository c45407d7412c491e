package io.shapes.cellmanager.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.control.ChangeSignals;
import io.shapes.control.ControlStore;
import io.shapes.control.Tenants;
import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.postgres.PostgresServer;
import io.shapes.snapshot.ApiKeys;
import io.shapes.snapshot.KeyEntry;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.Publication;
import io.shapes.snapshot.PublicationDirectory;
import io.shapes.snapshot.PublicationReader;
import io.shapes.snapshot.PublicationWriter;

/** The publisher against a real control store: what it publishes, when, and what a change costs. */
class PublisherTest {
    @TempDir
    static Path dir;
    private static PostgresServer server;
    private static ControlStore store;

    @BeforeAll
    static void start() {
        server = PostgresServer.start(dir.resolve("control"));
        store = ControlStore.at(server.jdbcUrl(), server.user(), server.password()).migrate();
        store.deployment().init(Scheme.TENANT, 1000, 1);
    }

    @AfterAll
    static void stop() {
        store.close();
        server.stop();
    }

    @Test
    void keysLimitsAndTheMapArePublishedAndOnlyChangesPublishAgain() throws IOException {
        PublicationDirectory publication = new PublicationDirectory(dir.resolve("keys"), true);
        Publisher publisher = new Publisher(store, new PublicationWriter(publication));
        Tenants.IssuedKey acme = store.tenants().create("acme");
        store.tenants().setRateLimit("acme", 50);

        Manifest first = publisher.publishOnce().orElseThrow();
        Publication read = read(publication, first);
        assertEquals(Optional.of("acme"), read.keys().tenantOf(ApiKeys.digest(acme.apiKey())));
        assertEquals(50, read.rateLimits().get("acme"));
        assertEquals(store.maps().latest().orElseThrow(), read.map());
        assertTrue(publisher.publishOnce().isEmpty(), "nothing changed: no new publication");

        Tenants.IssuedKey globex = store.tenants().create("globex");
        store.tenants().revoke("acme");
        Manifest second = publisher.publishOnce().orElseThrow();
        Publication after = read(publication, second);
        assertEquals(Optional.empty(), after.keys().tenantOf(ApiKeys.digest(acme.apiKey())), "revoked");
        assertEquals(Optional.of("globex"), after.keys().tenantOf(ApiKeys.digest(globex.apiKey())));
        assertEquals(first.version() + 1, second.version());
    }

    @Test
    void aTenantsPlacementTravelsWithEachOfItsKeysAndAWideningIsPublished() throws IOException {
        PublicationDirectory publication = new PublicationDirectory(dir.resolve("placed"), true);
        Publisher publisher = new Publisher(store, new PublicationWriter(publication));
        Placement two = new Placement(java.util.List.of(10, 9000));
        Tenants.IssuedKey first = store.tenants().create("placed", two);
        Tenants.IssuedKey second = store.tenants().addKey("placed");
        Tenants.IssuedKey old = store.tenants().create("before-placements");
        Publication read = read(publication, publisher.publishOnce().orElseThrow());
        assertEquals(Optional.of(new KeyEntry("placed", two)), read.keys().entryOf(ApiKeys.digest(first.apiKey())));
        assertEquals(Optional.of(new KeyEntry("placed", two)), read.keys().entryOf(ApiKeys.digest(second.apiKey())));
        assertEquals(Optional.of(KeyEntry.of("before-placements")), read.keys().entryOf(ApiKeys.digest(old.apiKey())),
                "a tenant with no stored placement has its hashed bucket");

        Placement four = two.widenedBy(java.util.List.of(3000, 14000));
        store.tenants().widen("placed", two, four);
        Publication widened = read(publication, publisher.publishOnce().orElseThrow());
        assertEquals(Optional.of(new KeyEntry("placed", four)), widened.keys().entryOf(ApiKeys.digest(first.apiKey())));
        assertEquals(Optional.of(new KeyEntry("placed", four)), widened.keys().entryOf(ApiKeys.digest(second.apiKey())));
        org.junit.jupiter.api.Assertions.assertThrows(io.shapes.control.ControlStoreException.class,
                () -> store.tenants().widen("placed", two, two.widenedBy(java.util.List.of(5))),
                "a widening from a placement that is no longer current is refused");
    }

    @Test
    void keysWrittenStraightIntoTheStoreGrowTheShardsAndOneNewKeyChangesOneSegment() throws Exception {
        PublicationDirectory publication = new PublicationDirectory(dir.resolve("many"), true);
        Publisher publisher = new Publisher(store, new PublicationWriter(publication));
        publisher.publishOnce();
        try (Connection c = server.connect();
                PreparedStatement tenants = c.prepareStatement("insert into tenants (name) select 'bulk-' || g"
                        + " from generate_series(1, 10000) g");
                PreparedStatement keys = c.prepareStatement("insert into api_keys (key_hash, tenant) select"
                        + " encode(sha256(convert_to('shp_bulk-' || g, 'UTF8')), 'hex'), 'bulk-' || g"
                        + " from generate_series(1, 10000) g")) {
            tenants.executeUpdate();
            keys.executeUpdate();
        }
        Manifest grown = publisher.publishOnce().orElseThrow();
        assertTrue(grown.keyShardBits() >= 2, "10,000 keys in shards of at most 4,096: " + grown.keyShardBits());
        PublicationReader reader = new PublicationReader();
        Publication read = reader.read(grown, hash -> publication.segment(hash).orElseThrow()).publication();
        assertEquals(Optional.of("bulk-7777"), read.keys().tenantOf(ApiKeys.digest("shp_bulk-7777")));

        store.tenants().create("one-more");
        Manifest next = publisher.publishOnce().orElseThrow();
        assertEquals(1, reader.read(next, hash -> publication.segment(hash).orElseThrow()).fetched().size(),
                "one new key: one key segment to fetch");
    }

    @Test
    void aChangeSignalsTheWaitingPublisherAtOnce() throws Exception {
        try (ChangeSignals signals = store.changeSignals()) {
            assertFalse(signals.await(Duration.ofMillis(200)), "no change, no signal");
            Thread writer = new Thread(() -> store.tenants().create("signalled"));
            long start = System.nanoTime();
            writer.start();
            assertTrue(signals.await(Duration.ofSeconds(10)));
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000, "woken by the change, not the timeout");
            writer.join();
        }
    }

    private static Publication read(PublicationDirectory publication, Manifest manifest) throws IOException {
        return new PublicationReader().read(manifest, hash -> publication.segment(hash).orElseThrow())
                .publication();
    }
}
