package io.shapes.cell.web;

import java.util.concurrent.atomic.AtomicInteger;

import io.shapes.cell.config.CellConfig;
import jakarta.inject.Singleton;

/** The cell-wide cap on requests in flight: past it, requests are refused before they cost anything. */
@Singleton
public class RequestLimiter {
    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RequestLimiter(CellConfig config) {
        this.limit = config.maxInFlight();
    }

    /** Takes a slot; false (and nothing taken) when {@code limit} requests are already in flight. */
    public boolean tryAcquire() {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
