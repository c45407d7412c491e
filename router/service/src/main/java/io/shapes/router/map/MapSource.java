package io.shapes.router.map;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.shapes.router.config.RouterConfig;
import io.shapes.snapshot.Checksums;
import io.shapes.snapshot.HttpPublication;
import io.shapes.snapshot.InvalidPublicationException;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationDirectory;
import io.shapes.snapshot.PublicationReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The router's view of the published snapshot. Every period it fetches the manifest, whatever happened (constant
 * work; an unchanged one costs a {@code 304}), and a segment only when its hash is new. Every segment is checked
 * against its hash and its format; a publication that fails any check is refused and the last good one kept. The last
 * good publication is copied to disk and read at start, so a router serves while the publication is unreachable.
 */
@Singleton
public class MapSource {
    private static final Logger LOG = Logger.getLogger(MapSource.class);
    private final RouterConfig config;
    private final HttpPublication remote;
    private final PublicationDirectory saved;
    private final PublicationReader reader = new PublicationReader();
    private final Event<Snapshot> changes;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> refreshing = new AtomicReference<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "snapshot-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter failures;
    private final Counter rejected;
    private volatile byte[] currentManifest;
    private volatile long publicationVersion;
    private volatile long lastSuccessNanos = System.nanoTime();

    public MapSource(RouterConfig config, Event<Snapshot> changes, MeterRegistry registry) {
        this.config = config;
        this.remote = new HttpPublication(config.publication().url(), config.publication().timeout());
        this.saved = new PublicationDirectory(Path.of(config.stateDir()).resolve("publication"), false);
        this.changes = changes;
        this.failures = registry.counter("shapes.router.map.refresh.failures");
        this.rejected = registry.counter("shapes.router.map.rejected");
        Gauge.builder("shapes.router.map.version", this, s -> s.current().map(m -> m.map().version()).orElse(0L))
                .register(registry);
        Gauge.builder("shapes.router.snapshot.version", this, s -> s.publicationVersion).register(registry);
        Gauge.builder("shapes.router.map.age.seconds", this, s -> (System.nanoTime() - s.lastSuccessNanos) / 1e9)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        loadSaved();
        long period = config.publication().period().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }

    public Optional<Snapshot> current() {
        return Optional.ofNullable(current.get());
    }

    /** Fetches the publication now (after a 421); joins a refresh already under way. Never fails. */
    public Uni<Void> refreshNow() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = refreshing.compareAndExchange(null, mine);
        if (running != null) {
            return Uni.createFrom().completionStage(running);
        }
        scheduler.execute(() -> {
            try {
                refreshQuietly();
            } finally {
                refreshing.set(null);
                mine.complete(null);
            }
        });
        return Uni.createFrom().completionStage(mine);
    }

    private void loadSaved() {
        try {
            Optional<byte[]> bytes = saved.manifest();
            if (bytes.isEmpty()) {
                return;
            }
            Manifest manifest = Manifest.parse(bytes.get());
            PublicationReader.Result result = reader.read(manifest, hash -> saved.segment(hash)
                    .orElseThrow(() -> new IOException("segment " + hash + " is missing")));
            LOG.infof("serving snapshot version %d (map version %d, %d keys) saved in %s until the publication"
                    + " answers", manifest.version(), manifest.mapVersion(), manifest.keyCount(), saved.path());
            accept(bytes.get(), Snapshot.of(result.publication()), manifest);
        } catch (IOException | InvalidPublicationException e) {
            LOG.warnf("the saved snapshot in %s is unusable (%s); waiting for the publication", saved.path(),
                    e.getMessage());
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (InvalidPublicationException e) {
            rejected.increment();
            remote.forgetManifest();
            LOG.warnf("refused the publication at %s, keeping snapshot version %d: %s", remote.base(),
                    publicationVersion, e.getMessage());
        } catch (IOException | RuntimeException e) {
            failures.increment();
            remote.forgetManifest();
            LOG.debugf("publication unreachable, keeping snapshot version %d: %s", publicationVersion, e.getMessage());
        }
    }

    private void refresh() throws IOException {
        Optional<byte[]> fetched = remote.manifestIfChanged();
        if (fetched.isEmpty() || Arrays.equals(fetched.get(), currentManifest)) {
            lastSuccessNanos = System.nanoTime();
            return;
        }
        Manifest manifest = Manifest.parse(fetched.get());
        Snapshot old = current.get();
        if (old != null && manifest.mapVersion() < old.map().version()) {
            throw new InvalidPublicationException("the publication holds map version " + manifest.mapVersion()
                    + ", older than version " + old.map().version() + " in use");
        }
        PublicationReader.Result result = reader.read(manifest, this::segment);
        lastSuccessNanos = System.nanoTime();
        accept(fetched.get(), Snapshot.of(result.publication()), manifest);
        try {
            for (var segment : result.fetched().entrySet()) {
                if (!saved.hasSegment(segment.getKey())) {
                    saved.writeSegment(segment.getKey(), segment.getValue());
                }
            }
            saved.writeManifest(manifest);
            saved.retainOnly(manifest.segments());
        } catch (IOException e) {
            LOG.warnf("could not save the snapshot to %s: %s", saved.path(), e.getMessage());
        }
    }

    /** A segment from the saved copy when it is there intact, else from the publication. */
    private byte[] segment(String hash) throws IOException {
        Optional<byte[]> local = saved.segment(hash);
        if (local.isPresent() && Checksums.sha256Hex(local.get()).equals(hash)) {
            return local.get();
        }
        return remote.segment(hash);
    }

    private synchronized void accept(byte[] manifestBytes, Snapshot snapshot, Manifest manifest) {
        Snapshot old = current.get();
        if (old != null && snapshot.map().version() < old.map().version()) {
            return;
        }
        currentManifest = manifestBytes;
        publicationVersion = manifest.version();
        current.set(snapshot);
        changes.fire(snapshot);
    }
}
