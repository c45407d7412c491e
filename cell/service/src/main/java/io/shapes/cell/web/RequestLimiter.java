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
        return tryAcquire(1);
    }

    /** Takes {@code slots} slots at once (the reads of one call beyond its own); false and none taken past the limit. */
    public boolean tryAcquire(int slots) {
        if (inFlight.addAndGet(slots) > limit) {
            inFlight.addAndGet(-slots);
            return false;
        }
        return true;
    }

    public void release() {
        release(1);
    }

    public void release(int slots) {
        inFlight.addAndGet(-slots);
    }

    public int inFlight() {
        return inFlight.get();
    }
}
