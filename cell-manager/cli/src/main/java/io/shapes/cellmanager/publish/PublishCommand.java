package io.shapes.cellmanager.publish;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.shapes.cellmanager.Connection;
import io.shapes.cellmanager.Output;
import io.shapes.control.ChangeSignals;
import io.shapes.control.ControlStore;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationDirectory;
import io.shapes.snapshot.PublicationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes the routing snapshot (map, rate limits, key hashes) as static files that routers"
                + " fetch: manifest.json and segments/<sha256> in DIR.",
                "With --watch it looks at the control store every period, and at once when it signals a change, and"
                + " publishes each change; with --serve it"
                + " also serves DIR over HTTP (any static file server can serve it instead), and its own metrics"
                + " for Prometheus at /metrics."},
        footer = {"", "Example:", "  cell-manager publish --to /srv/snapshot --watch --serve 127.0.0.1:8090"})
public class PublishCommand implements Runnable {
    /** The shortest time between two looks, however many changes are signalled. */
    private static final Duration MIN_SPACING = Duration.ofMillis(100);

    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "the directory to publish into")
    Path dir;

    @Option(names = "--watch", description = "keep publishing every change until stopped")
    boolean watch;

    @Option(names = "--period", paramLabel = "DURATION", defaultValue = "1s",
            description = "how often --watch looks at the control store (default: ${DEFAULT-VALUE})")
    String period;

    @Option(names = "--serve", paramLabel = "HOST:PORT", description = "also serve DIR over HTTP on this address")
    String serve;

    @Override
    public void run() {
        Duration every = io.shapes.cellmanager.DurationOption.parse("--period", period, Duration.ofMillis(100),
                Duration.ofMinutes(10));
        InetSocketAddress address = serve == null ? null
                : io.shapes.cellmanager.ListenAddress.parse("--serve", serve, "127.0.0.1:8090");
        PublicationDirectory publication = new PublicationDirectory(dir, true);
        ControlStore store = connection.reader();
        try {
            Publisher publisher = new Publisher(store, new PublicationWriter(publication));
            if (!watch) {
                Manifest manifest = publisher.publishOnce().orElseThrow();
                output.print(document(manifest), describe(manifest));
                return;
            }
            PublisherMetrics metrics = new PublisherMetrics();
            try (StaticFileServer files = address == null ? null
                    : StaticFileServer.start(address, publication, metrics::scrape)) {
                if (files != null) {
                    System.err.println("serving " + dir + " at http://" + address.getHostString() + ":" + files.port()
                            + "/");
                }
                try (ChangeSignals signals = store.changeSignals()) {
                    watch(publisher, store, signals, every, metrics);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot publish into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Looks every period, and at once when the control store signals a change. */
    private static void watch(Publisher publisher, ControlStore store, ChangeSignals signals, Duration every,
            PublisherMetrics metrics) {
        String lastFailure = null;
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                Optional<Manifest> published = publisher.publishOnce();
                published.ifPresent(m -> System.err.println(describe(m)));
                metrics.answered(published.orElse(null), store.splits().inFlight());
                if (lastFailure != null) {
                    System.err.println("the control store answers again");
                    lastFailure = null;
                }
            } catch (IOException | RuntimeException e) {
                metrics.failed();
                String failure = e.getMessage();
                if (!String.valueOf(failure).equals(lastFailure)) {
                    System.err.println("cannot publish, the last publication stays: " + failure);
                }
                lastFailure = String.valueOf(failure);
            }
            try {
                // a burst of signals publishes at most every MIN_SPACING, never more often
                long spacing = MIN_SPACING.toNanos() - (System.nanoTime() - started);
                if (spacing > 0) {
                    Thread.sleep(spacing / 1_000_000);
                }
                long left = every.toNanos() - (System.nanoTime() - started);
                if (left > 0) {
                    signals.await(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(Manifest manifest) {
        return "published version " + manifest.version() + ": map version " + manifest.mapVersion() + ", "
                + manifest.keyCount() + " keys in " + manifest.keys().size() + " segments";
    }

    private static Map<String, Object> document(Manifest manifest) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", manifest.version());
        json.put("mapVersion", manifest.mapVersion());
        json.put("keys", manifest.keyCount());
        json.put("keySegments", manifest.keys().size());
        return json;
    }
}
