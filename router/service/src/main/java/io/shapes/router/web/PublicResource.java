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
import io.shapes.router.auth.Authenticator;
import io.shapes.router.auth.Caller;
import io.shapes.router.exec.Reply;
import io.shapes.router.map.Snapshot;
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
 * The public API (API.md section 1) but getShape ({@link ShapeReadRoute}): validate, build the request, and hand it to
 * {@link PublicCalls} to plan, charge and execute. The caller was authenticated at the edge ({@link EdgeAuthGate}),
 * before the body was read.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PublicResource {
    private final PublicCalls calls;
    private final ShapeTypes types;

    public PublicResource(PublicCalls calls, ShapeTypes types) {
        this.calls = calls;
        this.types = types;
    }

    @POST
    @Path("/tenants/{tenant}/shapes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("tenant") String tenant, @HeaderParam("Idempotency-Key") String key,
            byte[] body, @Context RoutingContext rc) {
        Caller.Tenant caller = PublicCalls.tenantCall(rc, tenant);
        Snapshot snapshot = calls.snapshot();
        calls.counters().put().increment();
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
        return created(rc, tenant, new ShapeRequest.Put(tenant, type, validKey, placement, id), snapshot);
    }

    private Uni<Response> created(RoutingContext rc, String tenant, ShapeRequest.Put put, Snapshot snapshot) {
        return calls.charged(rc, tenant, put, false, snapshot).map(reply -> {
            Response.ResponseBuilder response = toResponse(reply);
            if (reply.status() == 201) {
                // a replayed key answers with the shape first put under it, not with put.id()
                response.header("Location", "/v1/tenants/" + tenant + "/shapes/" + createdId(reply));
            }
            return response.build();
        });
    }

    @GET
    @Path("/tenants/{tenant}/counts")
    public Uni<Response> count(@PathParam("tenant") String tenant, @QueryParam("type") String type,
            @QueryParam("partial") String partial, @Context RoutingContext rc) {
        Caller.Tenant caller = PublicCalls.tenantCall(rc, tenant);
        Snapshot snapshot = calls.snapshot();
        calls.counters().count().increment();
        ShapeRequest request = type == null ? new ShapeRequest.CountAllTypes(tenant, caller.placement())
                : new ShapeRequest.Count(tenant, caller.placement(), type(type));
        return calls.charged(rc, tenant, request, partial(partial), snapshot).map(reply -> toResponse(reply).build());
    }

    @GET
    @Path("/admin/counts")
    public Uni<Response> globalCount(@QueryParam("type") String type, @QueryParam("partial") String partial,
            @Context RoutingContext rc) {
        Authenticator.requireAdmin(EdgeAuthGate.caller(rc));
        calls.counters().adminCount().increment();
        if (type == null) {
            throw RequestInput.invalid("query parameter 'type' is required; allowed: " + String.join(", ", types.allowed()));
        }
        return calls.uncharged(rc, new ShapeRequest.GlobalCount(type(type)), partial(partial))
                .map(reply -> toResponse(reply).build());
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
