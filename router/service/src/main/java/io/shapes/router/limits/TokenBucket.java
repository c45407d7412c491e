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
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code cost} tokens if there are that many (a cost above the bucket's capacity takes the whole capacity,
     * so that an expensive call is possible at all, once a second).
     */
    public synchronized boolean tryAcquire(int cost) {
        refill();
        double needed = Math.min(capacity, cost);
        if (tokens >= needed) {
            tokens -= needed;
            return true;
        }
        return false;
    }

    /** How long until the next token, in milliseconds (at least 1). */
    public long millisUntilNext() {
        return millisUntil(1);
    }

    /** How long until {@code cost} tokens are there, in milliseconds (at least 1). */
    public synchronized long millisUntil(int cost) {
        refill();
        double needed = Math.min(capacity, cost);
        return Math.max(1, (long) Math.ceil((needed - tokens) / ratePerNano / 1e6));
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
