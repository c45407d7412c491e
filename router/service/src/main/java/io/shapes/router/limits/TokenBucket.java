package io.shapes.router.limits;

import java.util.function.LongSupplier;

/** A token bucket: {@code ratePerSecond} tokens a second, holding at most one second's worth. Time is injected. */
public final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    public TokenBucket(int ratePerSecond, LongSupplier nanoClock) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be > 0, was " + ratePerSecond);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.capacity = ratePerSecond;
        this.clock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** How long until the next token, in milliseconds (at least 1). */
    public synchronized long millisUntilNext() {
        refill();
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano / 1e6));
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
