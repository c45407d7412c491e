package io.shapes.router.cells;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.core.map.CellRef;
import io.shapes.router.config.RouterConfig;
import io.shapes.router.map.Snapshot;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * One guard per cell — timeout, circuit breaker, bulkhead — in a registry that follows the map: cells that appear
 * get a guard, cells that leave (or move to another URL) lose theirs. Never one breaker shared by all cells.
 */
@Singleton
public class CellGuards {
    private static final TypeLiteral<Uni<CellResponse>> UNI_RESPONSE = new TypeLiteral<>() {
    };
    private final RouterConfig.Cells settings;
    private final CellTransport client;
    private final MeterRegistry registry;
    private final Map<String, Guarded> guards = new ConcurrentHashMap<>();

    /** A cell's guard, what it last saw of the breaker, and the gauge that shows it. */
    public record Guarded(URI url, TypedGuard<Uni<CellResponse>> guard, AtomicReference<CircuitBreakerState> state,
            Gauge breakerOpen) {
    }

    /** A cell answered with a failure of its own; the guard counts it, the caller still gets the answer. */
    static final class CellFailure extends RuntimeException {
        final CellResponse response;

        CellFailure(CellResponse response) {
            super("cell failure " + response.status(), null, false, false);
            this.response = response;
        }
    }

    @Inject
    public CellGuards(RouterConfig config, CellTransport client, MeterRegistry registry) {
        this(config.cells(), client, registry);
    }

    public CellGuards(RouterConfig.Cells settings, CellTransport client, MeterRegistry registry) {
        this.settings = settings;
        this.client = client;
        this.registry = registry;
    }

    void follow(@Observes Snapshot snapshot) {
        Map<String, CellRef> cells = new java.util.HashMap<>();
        snapshot.map().cells().forEach(cell -> cells.put(cell.name(), cell));
        guards.entrySet().removeIf(entry -> {
            CellRef cell = cells.get(entry.getKey());
            boolean gone = cell == null || !cell.url().equals(entry.getValue().url());
            if (gone) {
                registry.remove(entry.getValue().breakerOpen());
            }
            return gone;
        });
        cells.values().forEach(cell -> guards.computeIfAbsent(cell.name(), name -> create(cell)));
    }

    /**
     * Sends {@code call} to the cell under its guard and records its latency and outcome. Fails with the guard's
     * exception (open breaker, full bulkhead, timeout) when the cell does not answer.
     */
    public Uni<CellResponse> send(String cell, CellCall call) {
        Guarded guarded = guards.get(cell);
        if (guarded == null) {
            return Uni.createFrom().failure(new IllegalStateException("cell " + cell + " is not in the map"));
        }
        long start = System.nanoTime();
        return guarded.guard().get(() -> client.send(guarded.url(), call).map(response -> {
            if (response.isCellFailure()) {
                throw new CellFailure(response);
            }
            return response;
        })).onFailure(CellFailure.class).recoverWithItem(e -> ((CellFailure) e).response)
                .onTermination().invoke((item, failure, cancelled) -> registry.timer("shapes.router.cell.requests",
                        "cell", cell, "outcome", failure != null ? "error" : item == null ? "cancelled"
                                : item.status() / 100 + "xx")
                        .record(Duration.ofNanos(System.nanoTime() - start)));
    }

    public CircuitBreakerState state(String cell) {
        Guarded guarded = guards.get(cell);
        return guarded == null ? CircuitBreakerState.CLOSED : guarded.state().get();
    }

    public long breakerDelayMs() {
        return settings.breakerDelay().toMillis();
    }

    private Guarded create(CellRef cell) {
        AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
        TypedGuard<Uni<CellResponse>> guard = TypedGuard.create(UNI_RESPONSE)
                .withBulkhead().limit(settings.bulkhead()).queueSize(settings.bulkhead()).done()
                .withTimeout().duration(settings.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().requestVolumeThreshold(settings.breakerRequestVolume())
                .failureRatio(settings.breakerFailureRatio()).delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1).onStateChange(state::set).done()
                .build();
        Gauge breakerOpen = Gauge.builder("shapes.router.cell.breaker.open", state,
                s -> s.get() == CircuitBreakerState.CLOSED ? 0 : 1).tag("cell", cell.name()).strongReference(true)
                .register(registry);
        return new Guarded(cell.url(), guard, state, breakerOpen);
    }
}
