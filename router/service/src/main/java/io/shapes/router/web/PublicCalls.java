package io.shapes.router.web;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import io.shapes.router.auth.Authenticator;
import io.shapes.router.auth.Caller;
import io.shapes.router.config.RouterConfig;
import io.shapes.router.exec.Reply;
import io.shapes.router.exec.RouteExecutor;
import io.shapes.router.limits.TenantRateLimits;
import io.shapes.router.map.MapSource;
import io.shapes.router.map.Snapshot;
import io.shapes.router.routing.Route;
import io.shapes.router.routing.ShapeRequest;
import io.shapes.web.TraceIds;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * What every call of the public API does once its input is valid, whichever layer serves it ({@link PublicResource},
 * {@link ShapeReadRoute}): check the caller once more, take the current snapshot, plan the request, charge the tenant,
 * execute the plan within the request deadline.
 */
@Singleton
public class PublicCalls {
    private final MapSource maps;
    private final TenantRateLimits rateLimits;
    private final RouteExecutor executor;
    private final RouterConfig config;
    private final ServerErrorLog serverErrors;
    private final Counters counters;

    /** Calls that reached the API (past every gate): proof, in tests, that a refused request ran no handler. */
    record Counters(Counter put, Counter get, Counter count, Counter adminCount) {
        Counters(MeterRegistry registry) {
            this(registry.counter("shapes.router.calls", "call", "put"),
                    registry.counter("shapes.router.calls", "call", "get"),
                    registry.counter("shapes.router.calls", "call", "count"),
                    registry.counter("shapes.router.calls", "call", "admin-count"));
        }
    }

    public PublicCalls(MapSource maps, TenantRateLimits rateLimits, RouteExecutor executor, RouterConfig config,
            MeterRegistry registry, ServerErrorLog serverErrors) {
        this.maps = maps;
        this.rateLimits = rateLimits;
        this.executor = executor;
        this.config = config;
        this.serverErrors = serverErrors;
        this.counters = new Counters(registry);
    }

    Counters counters() {
        return counters;
    }

    /** The edge authenticated the caller; checked again on the path the call matched (defence in depth). */
    static Caller.Tenant tenantCall(RoutingContext rc, String tenant) {
        Caller caller = EdgeAuthGate.caller(rc);
        Authenticator.requireTenant(caller, tenant);
        return (Caller.Tenant) caller;
    }

    Snapshot snapshot() {
        return maps.current().orElseThrow(() -> new ShapesException(Problem
                .of(ErrorCode.CELL_UNAVAILABLE, "the router has no routing map yet").withRetryAfterMs(1000)));
    }

    /**
     * Plans the request, charges the tenant one rate-limit token per cell the route reaches (a scattered count costs
     * as many as cells it asks), then executes the plan. The edge has already authenticated the tenant.
     */
    Uni<Reply> charged(RoutingContext rc, String tenant, ShapeRequest request, boolean partial, Snapshot snapshot) {
        Route route = executor.plan(request);
        rateLimits.admit(tenant, snapshot.rateLimits(), cellsReached(route));
        long deadline = System.nanoTime() + config.requestDeadline().toNanos();
        return withinDeadline(rc, executor.execute(request, route, partial, deadline));
    }

    /** Plans and executes a request no tenant is charged for (the admin's counts). */
    Uni<Reply> uncharged(RoutingContext rc, ShapeRequest request, boolean partial) {
        long deadline = System.nanoTime() + config.requestDeadline().toNanos();
        return withinDeadline(rc, executor.execute(request, partial, deadline));
    }

    private static int cellsReached(Route route) {
        if (route instanceof Route.KeyChecked checked) {
            return 1 + checked.askFirst().size();
        }
        return route instanceof Route.Scatter scatter ? Math.max(1, scatter.targets().size()) : 1;
    }

    /**
     * Answers within the request deadline. A reply that waited on a split's fence is no sample of the router's
     * latency: the load-shedding limit does not learn from it ({@link RouterGate}), or a split's write pause on one
     * cell would shed the requests of every other cell.
     */
    private Uni<Reply> withinDeadline(RoutingContext rc, Uni<Reply> reply) {
        String traceId = TraceIds.current();
        return reply.invoke(answer -> {
            if (answer.waitedOnFence()) {
                RouterGate.notALatencySample(rc);
            }
        })
                .ifNoItem().after(config.requestDeadline()).recoverWithItem(() -> Reply.problem(
                        Problem.of(ErrorCode.CELL_UNAVAILABLE, "no answer within "
                                + config.requestDeadline().toMillis() + " ms").withRetryAfterMs(1000)
                                .withTraceId(traceId),
                        Map.of()))
                .invoke(answer -> serverErrors.answered(rc.request().method().name(), rc.request().path(), answer));
    }
}
