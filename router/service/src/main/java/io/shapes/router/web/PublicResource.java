package io.shapes.router.web;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.shapes.core.BucketRule;
import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;
import io.shapes.core.Json;
import io.shapes.core.ShapeTypes;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.cellapi.PutShape;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import io.shapes.web.RequestInput;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The public API (API.md section 1): validate, build the request, plan it, charge the tenant, hand the plan to the
 * executor. The caller was authenticated at the edge ({@link EdgeAuthGate}), before the body was read.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PublicResource {
    private final MapSource maps;
    private final Calls calls;
    private final io.quarkus.vertx.http.runtime.CurrentVertxRequest currentRequest;

    /** Calls that reached the API (past every gate): proof, in tests, that a refused request ran no handler. */
    private record Calls(Counter put, Counter get, Counter count, Counter adminCount) {
        Calls(MeterRegistry registry) {
            this(registry.counter("shapes.router.calls", "call", "put"),
                    registry.counter("shapes.router.calls", "call", "get"),
                    registry.counter("shapes.router.calls", "call", "count"),
                    registry.counter("shapes.router.calls", "call", "admin-count"));
        }
    }
    private final TenantRateLimits rateLimits;
    private final RouteExecutor executor;
    private final ShapeTypes types;
    private final RouterConfig config;
    private final ServerErrorLog serverErrors;

    public PublicResource(MapSource maps, TenantRateLimits rateLimits, RouteExecutor executor, ShapeTypes types,
            RouterConfig config, MeterRegistry registry,
            io.quarkus.vertx.http.runtime.CurrentVertxRequest currentRequest, ServerErrorLog serverErrors) {
        this.serverErrors = serverErrors;
        this.currentRequest = currentRequest;
        this.maps = maps;
        this.calls = new Calls(registry);
        this.rateLimits = rateLimits;
        this.executor = executor;
        this.types = types;
        this.config = config;
    }

    @POST
    @Path("/tenants/{tenant}/shapes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("tenant") String tenant, @HeaderParam("Idempotency-Key") String key,
            byte[] body) {
        Caller.Tenant caller = tenantCall(tenant);
        Snapshot snapshot = snapshot();
        calls.put.increment();
        PutShape put = RequestInput.json(body, RequestInput.MAX_SHAPE_BODY, PutShape.class);
        if (put.id() != null) {
            throw RequestInput.invalid("unknown field 'id': the service chooses ids");
        }
        String type = type(put.type());
        Optional<String> validKey = RequestInput.idempotencyKey(key);
        Scheme scheme = snapshot.map().scheme();
        Placement placement = caller.placement();
        int bucket = BucketRule.bucketForPut(scheme, scheme == Scheme.TENANT ? placement : Placement.defaultFor(type),
                tenant, validKey, ThreadLocalRandom.current());
        ShapeId id = ShapeId.random(bucket, ThreadLocalRandom.current());
        return created(tenant, new ShapeRequest.Put(tenant, type, validKey, placement, id), snapshot);
    }

    private Uni<Response> created(String tenant, ShapeRequest.Put put, Snapshot snapshot) {
        return charged(tenant, put, false, snapshot).map(reply -> {
            Response.ResponseBuilder response = toResponse(reply);
            if (reply.status() == 201) {
                // a replayed key answers with the shape first put under it, not with put.id()
                response.header("Location", "/v1/tenants/" + tenant + "/shapes/" + createdId(reply));
            }
            return response.build();
        });
    }

    @GET
    @Path("/tenants/{tenant}/shapes/{id}")
    public Uni<Response> get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Caller.Tenant caller = tenantCall(tenant);
        Snapshot snapshot = snapshot();
        calls.get.increment();
        ShapeId shapeId;
        try {
            shapeId = ShapeId.parse(id);
        } catch (ShapeId.InvalidShapeIdException e) {
            throw new ShapesException(ErrorCode.NOT_FOUND, "tenant " + tenant + " has no such shape");
        }
        return charged(tenant, new ShapeRequest.Get(tenant, caller.placement(), shapeId), false, snapshot)
                .map(reply -> toResponse(reply).build());
    }

    @GET
    @Path("/tenants/{tenant}/counts")
    public Uni<Response> count(@PathParam("tenant") String tenant, @QueryParam("type") String type,
            @QueryParam("partial") String partial) {
        Caller.Tenant caller = tenantCall(tenant);
        Snapshot snapshot = snapshot();
        calls.count.increment();
        ShapeRequest request = type == null ? new ShapeRequest.CountAllTypes(tenant, caller.placement())
                : new ShapeRequest.Count(tenant, caller.placement(), type(type));
        return charged(tenant, request, partial(partial), snapshot).map(reply -> toResponse(reply).build());
    }

    @GET
    @Path("/admin/counts")
    public Uni<Response> globalCount(@QueryParam("type") String type, @QueryParam("partial") String partial,
            @Context RoutingContext rc) {
        Authenticator.requireAdmin(EdgeAuthGate.caller(rc));
        calls.adminCount.increment();
        if (type == null) {
            throw RequestInput.invalid("query parameter 'type' is required; allowed: " + String.join(", ", types.allowed()));
        }
        return execute(new ShapeRequest.GlobalCount(type(type)), partial(partial)).map(reply -> toResponse(reply).build());
    }

    /** The edge authenticated the caller; checked again on the path the resource matched (defence in depth). */
    private Caller.Tenant tenantCall(String tenant) {
        Caller caller = EdgeAuthGate.caller(currentRequest.getCurrent());
        Authenticator.requireTenant(caller, tenant);
        return (Caller.Tenant) caller;
    }

    /**
     * Plans the request, charges the tenant one rate-limit token per cell the route reaches (a scattered count costs
     * as many as cells it asks), then executes the plan. The edge has already authenticated the tenant.
     */
    private Uni<Reply> charged(String tenant, ShapeRequest request, boolean partial, Snapshot snapshot) {
        Route route = executor.plan(request);
        rateLimits.admit(tenant, snapshot.rateLimits(), cellsReached(route));
        long deadline = System.nanoTime() + config.requestDeadline().toNanos();
        return withinDeadline(executor.execute(request, route, partial, deadline));
    }

    private static int cellsReached(Route route) {
        if (route instanceof Route.KeyChecked checked) {
            return 1 + checked.askFirst().size();
        }
        return route instanceof Route.Scatter scatter ? Math.max(1, scatter.targets().size()) : 1;
    }

    private Snapshot snapshot() {
        return maps.current().orElseThrow(() -> new ShapesException(io.shapes.core.error.Problem
                .of(ErrorCode.CELL_UNAVAILABLE, "the router has no routing map yet").withRetryAfterMs(1000)));
    }

    private Uni<Reply> execute(ShapeRequest request, boolean partial) {
        long deadline = System.nanoTime() + config.requestDeadline().toNanos();
        return withinDeadline(executor.execute(request, partial, deadline));
    }

    /**
     * Answers within the request deadline. A reply that waited on a split's fence is no sample of the router's
     * latency: the load-shedding limit does not learn from it ({@link RouterGate}), or a split's write pause on one
     * cell would shed the requests of every other cell.
     */
    private Uni<Reply> withinDeadline(Uni<Reply> reply) {
        io.vertx.ext.web.RoutingContext rc = currentRequest.getCurrent();
        String traceId = io.shapes.web.TraceIds.current();
        return reply.invoke(answer -> {
            if (answer.waitedOnFence()) {
                RouterGate.notALatencySample(rc);
            }
        })
                .ifNoItem().after(config.requestDeadline()).recoverWithItem(() -> Reply.problem(
                        io.shapes.core.error.Problem.of(ErrorCode.CELL_UNAVAILABLE, "no answer within "
                                + config.requestDeadline().toMillis() + " ms").withRetryAfterMs(1000)
                                .withTraceId(traceId),
                        java.util.Map.of()))
                .invoke(answer -> serverErrors.answered(rc.request().method().name(), rc.request().path(), answer));
    }

    private String type(String type) {
        try {
            return types.require(type);
        } catch (IllegalArgumentException e) {
            throw RequestInput.invalid(e.getMessage());
        }
    }

    private static boolean partial(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw RequestInput.invalid("query parameter 'partial' must be true or false");
    }

    private static Response.ResponseBuilder toResponse(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status()).type(reply.contentType()).entity(reply.body());
        reply.headers().forEach(response::header);
        return response;
    }

    private static String createdId(Reply reply) {
        try {
            return Json.read(reply.body(), ShapeView.class).id();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a cell answered 201 without a shape", e);
        }
    }
}
