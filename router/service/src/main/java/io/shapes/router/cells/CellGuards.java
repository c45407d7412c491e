package io.shapes.router.cells;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
 * One guard per cell — a bulkhead (SmallRye Fault Tolerance, run on the caller's event loop: no thread offload), then
 * the cell's own {@link CellBreaker} — in a registry that follows the map: cells that appear get a guard, cells that
 * leave (or move to another URL) lose theirs.
 * Never one breaker shared by all cells. The guard also sends the breaker's probes: {@code GET /internal/v1/health}
 * with the probe timeout, straight to the cell, never a client's request. A call's timeout is the HTTP client's
 * ({@link CellClient}: a timer of the connection's event loop; the guard's timer thread cost each call a wake-up).
 */
@Singleton
public class CellGuards {
    private static final Logger LOG = Logger.getLogger(CellGuards.class);
    private static final TypeLiteral<Uni<CellResponse>> UNI_RESPONSE = new TypeLiteral<>() {
    };
    private static final CellCall PROBE = CellCall.get("/internal/v1/health");
    private final RouterConfig.Cells settings;
    private final CellTransport client;
    private final MeterRegistry registry;
    private final LongSupplier clock;
    private final Map<String, Guarded> guards = new ConcurrentHashMap<>();

    /** A cell's guard and breaker, and the gauge that shows the breaker. */
    record Guarded(String cell, URI url, TypedGuard<Uni<CellResponse>> guard, CellBreaker breaker, Gauge breakerOpen,
            Map<String, Timer> timers) {
    }

    /** The outcome tag of a call: the status class of the cell's answer, or why there was none. */
    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

    /** A cell answered with a failure of its own; the breaker counts it, the caller still gets the answer. */
    static final class CellFailure extends RuntimeException {
        final CellResponse response;

        CellFailure(CellResponse response) {
            super("cell failure " + response.status(), null, false, false);
            this.response = response;
        }
    }

    @Inject
    public CellGuards(RouterConfig config, CellTransport client, MeterRegistry registry) {
        this(config.cells(), client, registry, System::nanoTime);
    }

    public CellGuards(RouterConfig.Cells settings, CellTransport client, MeterRegistry registry, LongSupplier nanoClock) {
        this.settings = settings;
        this.client = client;
        this.registry = registry;
        this.clock = nanoClock;
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
        if (!guarded.breaker().allows()) {
            registry.counter("shapes.router.cell.rejected", "cell", cell).increment();
            return Uni.createFrom().failure(new CircuitBreakerOpenException("cell " + cell + " is unavailable"));
        }
        long start = System.nanoTime();
        return guarded.guard().get(() -> client.send(guarded.url(), call).map(response -> {
            if (response.isCellFailure()) {
                throw new CellFailure(response);
            }
            return response;
        })).onItemOrFailure().invoke((item, failure) -> record(guarded, failure))
                .onFailure(CellFailure.class).recoverWithItem(e -> ((CellFailure) e).response)
                .onTermination().invoke((item, failure, cancelled) -> timer(guarded, failure != null ? "error"
                        : item == null ? "cancelled" : STATUS_CLASSES[Math.min(5, Math.max(0, item.status() / 100))])
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /** The cell's request timer for {@code outcome}, registered on first use and then only looked up by name. */
    private Timer timer(Guarded guarded, String outcome) {
        return guarded.timers().computeIfAbsent(outcome, o -> registry.timer("shapes.router.cell.requests",
                "cell", guarded.cell(), "outcome", o));
    }

    public CircuitBreakerState state(String cell) {
        Guarded guarded = guards.get(cell);
        return guarded == null ? CircuitBreakerState.CLOSED : guarded.breaker().state();
    }

    /** How long a client should wait before trying {@code cell} again: until its breaker's next probe, at least 1 s. */
    public long retryAfterMs(String cell) {
        Guarded guarded = guards.get(cell);
        long nanos = guarded == null ? 0 : guarded.breaker().retryAfterNanos();
        return Math.max(1000, nanos / 1_000_000);
    }

    /** A full bulkhead is load, not a failure of the cell; anything else that is not an answer is. */
    private void record(Guarded guarded, Throwable failure) {
        if (failure == null) {
            guarded.breaker().succeeded();
        } else if (!(failure instanceof BulkheadException)) {
            act(guarded, guarded.breaker().failed());
        }
    }

    private void act(Guarded guarded, CellBreaker.Next next) {
        switch (next) {
            case PROBE -> probe(guarded, guarded.breaker().probeId());
            case PROBE_LATER -> {
                LOG.warnf("breaker of cell %s open; asking it again in %d ms", guarded.cell(),
                        settings.breakerDelay().toMillis());
                Uni.createFrom().voidItem().onItem().delayIt().by(settings.breakerDelay()).subscribe().with(
                        ignored -> {
                            if (guards.get(guarded.cell()) == guarded) {
                                act(guarded, guarded.breaker().startProbe());
                            }
                        });
            }
            case NOTHING -> {
            }
        }
    }

    /** The router's own call, not part of the request whose failure may have started it: under no request's trace. */
    private void probe(Guarded guarded, long id) {
        OwnContext.run(() -> client.send(guarded.url(), PROBE).ifNoItem().after(settings.probeTimeout()).fail()
                .map(response -> !response.isCellFailure()).onFailure().recoverWithItem(false)
                .subscribe().with(answered -> {
                    registry.counter("shapes.router.cell.probes", "cell", guarded.cell(), "outcome",
                            answered ? "answered" : "failed").increment();
                    act(guarded, guarded.breaker().probed(id, answered));
                }));
    }

    private Guarded create(CellRef cell) {
        TypedGuard<Uni<CellResponse>> guard = TypedGuard.create(UNI_RESPONSE)
                .withBulkhead().limit(settings.bulkhead()).queueSize(settings.bulkhead()).done()
                .withThreadOffload(false)
                .build();
        CellBreaker breaker = new CellBreaker(new CellBreaker.Settings(settings.breakerWindow().toNanos(),
                settings.breakerFailureRatio(), settings.breakerFailures(), settings.breakerDelay().toNanos()), clock);
        Gauge breakerOpen = Gauge.builder("shapes.router.cell.breaker.open", breaker,
                b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1).tag("cell", cell.name()).strongReference(true)
                .register(registry);
        return new Guarded(cell.name(), cell.url(), guard, breaker, breakerOpen, new ConcurrentHashMap<>());
    }
}
