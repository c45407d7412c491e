package io.shapes.cell.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.cell.data.Capacity;
import io.shapes.cell.web.RequestLimiter;
import io.shapes.web.FailedAuthentications;
import jakarta.inject.Singleton;

/** The cell's own meters, beside the per-route HTTP metrics Quarkus records. */
@Singleton
public class CellMetrics {
    private final Counter shed;
    private final Counter fenced;
    private final Counter misdirected;
    private final FailedAuthentications failedAuthentications;

    public CellMetrics(MeterRegistry registry, Capacity capacity, RequestLimiter limiter) {
        Gauge.builder("shapes.cell.shapes.stored", capacity, Capacity::stored).register(registry);
        Gauge.builder("shapes.cell.fill.ratio", capacity, Capacity::fillRatio).register(registry);
        Gauge.builder("shapes.cell.capacity", capacity, Capacity::capacity).register(registry);
        Gauge.builder("shapes.cell.requests.in.flight", limiter, RequestLimiter::inFlight).register(registry);
        shed = registry.counter("shapes.cell.requests.shed");
        fenced = registry.counter("shapes.cell.writes.fenced");
        misdirected = registry.counter("shapes.cell.requests.misdirected");
        Counter unauthenticated = registry.counter("shapes.cell.requests.unauthenticated");
        failedAuthentications = new FailedAuthentications(1000, System::nanoTime, unauthenticated::increment);
    }

    /** A request without a valid token: counted, and logged at most once a second. */
    public void unauthenticated(String reason, String client) {
        failedAuthentications.record(reason, null, client);
    }

    public void shed() {
        shed.increment();
    }

    public void fenced() {
        fenced.increment();
    }

    public void misdirected() {
        misdirected.increment();
    }
}
