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

    /** Admits the request or throws {@code 429 rate-limited} with the time until the next token. */
    public void admit(String tenant, Map<String, Integer> overrides) {
        int rate = overrides.getOrDefault(tenant, defaultRate);
        Bucket bucket = buckets.compute(tenant, (name, existing) -> existing != null && existing.rate() == rate
                ? existing : new Bucket(rate, new TokenBucket(rate, clock)));
        if (!bucket.tokens().tryAcquire()) {
            onLimited.run();
            throw new ShapesException(Problem.of(ErrorCode.RATE_LIMITED, "tenant " + tenant + " is over its rate of "
                    + rate + " requests per second").withRetryAfterMs(bucket.tokens().millisUntilNext()));
        }
    }
}
