package io.shapes.router.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.router.config.RouterConfig;
import io.shapes.snapshot.KeyShard;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationDirectory;
import io.shapes.snapshot.PublicationWriter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;

/**
 * A router's view of the publication, against a plain file server the test writes to: it follows good publications,
 * refuses a tampered one or one that goes back to an older map (counted, by the type of the failure) and keeps the
 * last good snapshot, and starts from its saved copy while the publication is unreachable.
 */
class MapSourceTest {
    @TempDir
    Path dir;
    private Path published;
    private PublicationWriter writer;
    private HttpServer files;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Snapshot> fired = new ArrayList<>();

    @BeforeEach
    void serve() throws IOException {
        published = dir.resolve("published");
        writer = new PublicationWriter(new PublicationDirectory(published, true));
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", this::file);
        files.start();
    }

    @AfterEach
    void stop() {
        files.stop(0);
    }

    private void file(HttpExchange exchange) throws IOException {
        Path file = published.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
        if (!file.startsWith(published) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
        } else {
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static RoutingMap map(long version) {
        return new RoutingMap(version, Scheme.TENANT,
                List.of(new CellRef("cell-1", URI.create("http://127.0.0.1:1"), CellState.ACTIVE)),
                List.of(new RangeAssignment(0, 16384, "cell-1")));
    }

    private Manifest publish(long mapVersion) throws IOException {
        byte[] keys = KeyShard.encode(0, 0, new TreeMap<>());
        return writer.publish(map(mapVersion), Map.of(), 0, List.of(keys), 0);
    }

    private MapSource source(URI publication) {
        Map<String, String> settings = Map.ofEntries(Map.entry("shapes.router.name", "router-1"),
                Map.entry("shapes.router.state-dir", dir.resolve("state").toString()),
                Map.entry("shapes.router.admin-token", "admin-token-0123456789abcdef0123456789"),
                Map.entry("shapes.router.cell-data-token", "data-token-0123456789abcdef0123456789"),
                Map.entry("shapes.router.types", "triangle,circle"),
                Map.entry("shapes.router.publication.url", publication.toString()),
                Map.entry("shapes.router.publication.period", "1h"),
                Map.entry("shapes.router.publication.timeout", "1s"),
                Map.entry("shapes.router.edge.max-body-size", "8K"),
                Map.entry("shapes.router.edge.idle-timeout", "30s"),
                Map.entry("shapes.router.edge.body-read-timeout", "10s"),
                Map.entry("shapes.router.edge.max-connections", "100"));
        RouterConfig config = new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build()
                .getConfigMapping(RouterConfig.class);
        return new MapSource(config, new Recorded(), registry);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + files.getAddress().getPort() + "/");
    }

    private static void refresh(MapSource source) {
        source.refreshNow().await().atMost(Duration.ofSeconds(10));
    }

    private double rejected() {
        return registry.counter("shapes.router.map.rejected").count();
    }

    @Test
    void followsGoodPublicationsAndRefusesATamperedOneKeepingTheLastGood() throws IOException {
        MapSource source = source(url());
        publish(3);
        refresh(source);
        assertEquals(3, source.current().orElseThrow().map().version());
        Manifest next = publish(4);
        Path map = published.resolve("segments").resolve(next.map());
        byte[] good = Files.readAllBytes(map);
        byte[] tampered = good.clone();
        tampered[tampered.length / 2] ^= 1;
        Files.write(map, tampered);
        refresh(source);
        assertEquals(3, source.current().orElseThrow().map().version(), "the last good snapshot stays in place");
        assertEquals(1, rejected(), "the refusal is counted as a rejected publication, not as unreachable");
        Files.write(map, good);
        refresh(source);
        assertEquals(4, source.current().orElseThrow().map().version(), "the intact publication is taken");
        assertEquals(List.of(3L, 4L), fired.stream().map(s -> s.map().version()).toList(), "each change fired once");
    }

    @Test
    void refusesAPublicationThatGoesBackToAnOlderMap() throws IOException {
        MapSource source = source(url());
        publish(5);
        refresh(source);
        publish(4);
        refresh(source);
        assertEquals(5, source.current().orElseThrow().map().version());
        assertEquals(1, rejected());
    }

    @Test
    void anUnreachablePublicationIsNoRefusalAndTheSavedCopyServesAtStart() throws IOException {
        MapSource first = source(url());
        publish(7);
        refresh(first);
        files.stop(0);
        refresh(first);
        assertEquals(0, rejected(), "unreachable is not refused");
        assertTrue(registry.counter("shapes.router.map.refresh.failures").count() >= 1);
        MapSource restarted = source(url());
        assertTrue(restarted.current().isEmpty());
        restarted.start(null);
        try {
            assertEquals(7, restarted.current().orElseThrow().map().version(),
                    "a restarted router serves its saved copy while the publication is unreachable");
        } finally {
            restarted.stop(null);
        }
    }

    /** The CDI event the map source fires on every change, recorded. */
    private final class Recorded implements Event<Snapshot> {
        @Override
        public void fire(Snapshot event) {
            fired.add(event);
        }

        @Override
        public <U extends Snapshot> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends Snapshot> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<Snapshot> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends Snapshot> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends Snapshot> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
