package io.shapes.router.web;

import java.util.List;
import java.util.Map;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.web.ProblemResponses;
import io.shapes.web.RequestInput;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Before the resources, what no public call may carry: path parameters ({@code ;}), a query parameter given twice
 * or empty, an empty Idempotency-Key, a body without a content type, or a declared body over the request limit (refused before it is read).
 * Each is a 4xx problem, not a guess at what was meant.
 */
@Singleton
public class PublicInputGate {
    /** The largest body a public call may declare; a shape body is smaller still ({@link RequestInput#MAX_SHAPE_BODY}). */
    static final long MAX_DECLARED_BODY = 64 * 1024;

    @RouteFilter(200)
    void filter(RoutingContext rc) {
        if (!rc.normalizedPath().startsWith("/v1/")) {
            rc.next();
            return;
        }
        String path = rc.request().path();
        if (path != null && path.indexOf(';') >= 0) {
            refuse(rc, Problem.of(ErrorCode.INVALID_REQUEST, "path parameters (';') are not part of this API"));
            return;
        }
        for (Map.Entry<String, List<String>> parameter : queryParameters(rc).entrySet()) {
            if (parameter.getValue().size() > 1) {
                refuse(rc, Problem.of(ErrorCode.INVALID_REQUEST, "query parameter '" + parameter.getKey()
                        + "' is given " + parameter.getValue().size() + " times; give it once"));
                return;
            }
            if (parameter.getValue().get(0).isEmpty()) {
                refuse(rc, Problem.of(ErrorCode.INVALID_REQUEST, "query parameter '" + parameter.getKey()
                        + "' is empty"));
                return;
            }
        }
        String idempotencyKey = rc.request().getHeader("Idempotency-Key");
        if (idempotencyKey != null && idempotencyKey.isBlank()) {
            refuse(rc, Problem.of(ErrorCode.INVALID_REQUEST, "header Idempotency-Key is empty; leave it out or give"
                    + " a key"));
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null && declaredLength(length) > MAX_DECLARED_BODY) {
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body declares " + length
                    + " bytes; at most " + RequestInput.MAX_SHAPE_BODY + " are accepted"));
            return;
        }
        if (rc.request().method() == HttpMethod.POST && rc.request().getHeader("Content-Type") == null) {
            refuse(rc, Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json; no"
                    + " Content-Type was given"));
            return;
        }
        rc.next();
    }

    private static Map<String, List<String>> queryParameters(RoutingContext rc) {
        Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
        rc.queryParams().forEach(entry -> parameters.computeIfAbsent(entry.getKey(), k -> new java.util.ArrayList<>())
                .add(entry.getValue()));
        return parameters;
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(RoutingContext rc, Problem problem) {
        ProblemResponses.send(rc, problem);
    }
}
