package io.shapes.router.web;

import java.util.Optional;
import java.util.function.LongSupplier;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.router.config.RouterConfig;
import io.shapes.web.ProblemResponses;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Before authentication and any resource, on every path of the public port (health and metrics are on the management
 * port, so a router under load never looks dead to its orchestrator): the router-wide adaptive
 * concurrency limit (Netflix Gradient2: past the latency knee, excess is refused at once with {@code 503 overloaded}).
 */
@Singleton
public class RouterGate {
    private final SimpleLimiter<Void> limiter;
    private final Counter shed;

    public RouterGate(RouterConfig config, MeterRegistry registry) {
        this.limiter = limiter(config.limits(), System::nanoTime);
        this.shed = registry.counter("shapes.router.requests.shed");
        Gauge.builder("shapes.router.concurrency.limit", limiter, SimpleLimiter::getLimit).register(registry);
        Gauge.builder("shapes.router.requests.in.flight", limiter, SimpleLimiter::getInflight).register(registry);
    }

    /** The router-wide limit: Gradient2 between the configured floor and ceiling, timed by {@code nanoClock}. */
    static SimpleLimiter<Void> limiter(RouterConfig.Limits limits, LongSupplier nanoClock) {
        if (limits.minConcurrency() < 1 || limits.minConcurrency() > limits.initialConcurrency()
                || limits.initialConcurrency() > limits.maxConcurrency()) {
            throw new IllegalStateException("shapes.router.limits: need 1 <= min-concurrency (" + limits.minConcurrency()
                    + ") <= initial-concurrency (" + limits.initialConcurrency() + ") <= max-concurrency ("
                    + limits.maxConcurrency() + ")");
        }
        return SimpleLimiter.newBuilder().nanoClock(nanoClock).limit(Gradient2Limit.newBuilder()
                .initialLimit(limits.initialConcurrency()).minLimit(limits.minConcurrency())
                .maxConcurrency(limits.maxConcurrency()).build()).build();
    }

    private static final String NOT_A_LATENCY_SAMPLE = "shapes.not-a-latency-sample";

    /** The request's time was spent elsewhere (waiting on a split's fence): the limit does not learn from it. */
    static void notALatencySample(RoutingContext rc) {
        if (rc != null) {
            rc.put(NOT_A_LATENCY_SAMPLE, Boolean.TRUE);
        }
    }

    /** After {@link io.shapes.web.PathGate}, before authentication: refusing is cheapest first. */
    static final int PRIORITY = 300;

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
        Optional<Limiter.Listener> admitted = limiter.acquire(null);
        if (admitted.isEmpty()) {
            shed.increment();
            ProblemResponses.send(rc, Problem.of(ErrorCode.OVERLOADED, "the router is at its concurrency limit")
                    .withRetryAfterMs(100));
            return;
        }
        rc.addEndHandler(v -> {
            if (rc.response().getStatusCode() >= 500 || rc.get(NOT_A_LATENCY_SAMPLE) != null) {
                admitted.get().onIgnore();
            } else {
                admitted.get().onSuccess();
            }
        });
        rc.next();
    }
}
