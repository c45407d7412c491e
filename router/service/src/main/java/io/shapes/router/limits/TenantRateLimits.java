package io.shapes.router.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;

/** A token bucket per tenant: the default rate, or the tenant's override from the control store. */
public final class TenantRateLimits {
    private final int defaultRate;
    private final LongSupplier clock;
    private final Runnable onLimited;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(int rate, TokenBucket tokens) {
    }

    /** {@code onLimited} runs for every refused request (a metric). */
    public TenantRateLimits(int defaultRate, LongSupplier nanoClock, Runnable onLimited) {
        this.defaultRate = defaultRate;
        this.clock = nanoClock;
        this.onLimited = onLimited;
    }

    /** Admits a request that costs one token, or throws {@code 429 rate-limited}. */
    public void admit(String tenant, Map<String, Integer> overrides) {
        admit(tenant, overrides, 1);
    }

    /**
     * Admits a request that costs {@code cost} tokens (a scattered count: one per cell it reaches), or throws
     * {@code 429 rate-limited} with the time until that many tokens are there.
     */
    public void admit(String tenant, Map<String, Integer> overrides, int cost) {
        int rate = overrides.getOrDefault(tenant, defaultRate);
        Bucket bucket = buckets.compute(tenant, (name, existing) -> existing != null && existing.rate() == rate
                ? existing : new Bucket(rate, new TokenBucket(rate, clock)));
        if (!bucket.tokens().tryAcquire(cost)) {
            onLimited.run();
            throw new ShapesException(Problem.of(ErrorCode.RATE_LIMITED, "tenant " + tenant + " is over its rate of "
                    + rate + " requests per second" + (cost > 1 ? " (this call reaches " + cost + " cells and costs as"
                    + " many)" : "")).withRetryAfterMs(bucket.tokens().millisUntil(cost)));
        }
    }
}
