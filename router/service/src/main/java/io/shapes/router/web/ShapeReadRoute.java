package io.shapes.router.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.shapes.core.ShapeId;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import io.shapes.router.auth.Caller;
import io.shapes.router.exec.Reply;
import io.shapes.router.map.Snapshot;
import io.shapes.router.routing.ShapeRequest;
import io.shapes.web.ProblemMappers;
import io.shapes.web.ProblemResponses;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * getShape ({@code GET /v1/tenants/{tenant}/shapes/{id}}), the router's most frequent call, as a Vert.x Web route
 * instead of a RESTEasy resource method: it runs after the same gates and through the same {@link PublicCalls}, and
 * writes the cell's answer as it came, without RESTEasy's request context, resource matching and entity writer
 * (docs/BENCHMARKS.md section 10). Its refusals are the resource layer's: {@code 406} when the caller accepts no
 * JSON, {@code 404} for an id that is not one.
 */
@Singleton
public class ShapeReadRoute {
    static final String PATH = "/v1/tenants/:tenant/shapes/:id";
    private final PublicCalls calls;

    public ShapeReadRoute(PublicCalls calls) {
        this.calls = calls;
    }

    /** After every gate (route filters have negative orders), before the RESTEasy resources. */
    void install(@Observes Router router) {
        router.route(PATH).method(HttpMethod.GET)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::get);
        router.route(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1).handler(ShapeReadRoute::notAllowed);
    }

    /** Any other method on a shape's path. */
    private static void notAllowed(RoutingContext rc) {
        rc.response().putHeader("Allow", "GET");
        ProblemResponses.send(rc, Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "a shape is only read (GET)"));
    }

    void get(RoutingContext rc) {
        try {
            String tenant = rc.pathParam("tenant");
            Caller.Tenant caller = PublicCalls.tenantCall(rc, tenant);
            if (!AcceptedMedia.allowsJson(rc.request().getHeader("Accept"))) {
                throw new ShapesException(ErrorCode.NOT_ACCEPTABLE, ErrorCode.NOT_ACCEPTABLE.title());
            }
            Snapshot snapshot = calls.snapshot();
            calls.counters().get().increment();
            ShapeId id = shapeId(tenant, rc.pathParam("id"));
            calls.charged(rc, tenant, new ShapeRequest.Get(tenant, caller.placement(), id), false, snapshot)
                    .subscribe().with(reply -> write(rc, reply), failure -> fail(rc, failure));
        } catch (RuntimeException e) {
            fail(rc, e);
        }
    }

    private static ShapeId shapeId(String tenant, String id) {
        try {
            return ShapeId.parse(id);
        } catch (ShapeId.InvalidShapeIdException e) {
            throw new ShapesException(ErrorCode.NOT_FOUND, "tenant " + tenant + " has no such shape");
        }
    }

    private static void write(RoutingContext rc, Reply reply) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType());
        reply.headers().forEach(response::putHeader);
        response.end(reply.body());
    }

    private static void fail(RoutingContext rc, Throwable failure) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        ProblemResponses.send(rc, ProblemMappers.problemOf(failure));
    }
}
