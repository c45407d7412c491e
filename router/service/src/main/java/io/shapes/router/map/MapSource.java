package io.shapes.router.map;

import java.nio.file.Path;
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
import io.shapes.control.ControlStore;
import io.shapes.core.map.RoutingMap;
import io.shapes.router.config.RouterConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The router's view of the control store. Every period it reads the <em>whole</em> snapshot, whatever happened
 * (constant work, never deltas); a snapshot that fails validation is refused and the last good one kept. The last
 * good snapshot is saved to disk and loaded at start, so a router serves while the control store is down.
 */
@Singleton
public class MapSource {
    private static final Logger LOG = Logger.getLogger(MapSource.class);
    private final RouterConfig config;
    private final ControlStore store;
    private final SnapshotFile file;
    private final Event<Snapshot> changes;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> refreshing = new AtomicReference<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "map-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter failures;
    private final Counter rejected;
    private volatile long lastSuccessNanos = System.nanoTime();

    public MapSource(RouterConfig config, Event<Snapshot> changes, MeterRegistry registry) {
        this.config = config;
        this.store = ControlStore.at(config.controlDb().url(), config.controlDb().user(), config.controlDb().password());
        this.file = new SnapshotFile(Path.of(config.stateDir()));
        this.changes = changes;
        this.failures = registry.counter("shapes.router.map.refresh.failures");
        this.rejected = registry.counter("shapes.router.map.rejected");
        Gauge.builder("shapes.router.map.version", this, s -> s.current().map(m -> m.map().version()).orElse(0L))
                .register(registry);
        Gauge.builder("shapes.router.map.age.seconds", this, s -> (System.nanoTime() - s.lastSuccessNanos) / 1e9)
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        file.read().ifPresent(saved -> {
            LOG.infof("serving map version %d saved in %s until the control store answers", saved.map().version(),
                    file.path());
            publish(saved);
        });
        long period = config.controlDb().refreshPeriod().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
    }

    public Optional<Snapshot> current() {
        return Optional.ofNullable(current.get());
    }

    /** Reads the control store now (after a 421); joins a refresh already under way. Never fails. */
    public Uni<Void> refreshNow() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = refreshing.compareAndExchange(null, mine);
        if (running != null) {
            return Uni.createFrom().completionStage(running);
        }
        scheduler.execute(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                failures.increment();
            } finally {
                refreshing.set(null);
                mine.complete(null);
            }
        });
        return Uni.createFrom().completionStage(mine);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            failures.increment();
            LOG.debugf("control store unreadable, keeping map version %s: %s",
                    current().map(s -> s.map().version()).orElse(null), e.getMessage());
        }
    }

    private void refresh() {
        RoutingMap map;
        try {
            map = store.maps().latest().orElseThrow(() -> new IllegalStateException("the control store has no map"));
        } catch (RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().contains("invalid")) {
                rejected.increment();
            }
            throw e;
        }
        Snapshot fresh = new Snapshot(map, store.tenants().activeKeyHashes(), store.tenants().rateLimitOverrides());
        lastSuccessNanos = System.nanoTime();
        if (!fresh.equals(current.get())) {
            publish(fresh);
            try {
                file.write(fresh);
            } catch (java.io.IOException e) {
                LOG.warnf("could not save the map to %s: %s", file.path(), e.getMessage());
            }
        }
    }

    private synchronized void publish(Snapshot snapshot) {
        Snapshot old = current.get();
        if (old != null && snapshot.map().version() < old.map().version()) {
            return;
        }
        current.set(snapshot);
        changes.fire(snapshot);
    }
}
