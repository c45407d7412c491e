package io.shapes.router.web;

import java.util.List;
import java.util.Map;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.router.config.RouterConfig;
import io.shapes.web.ProblemResponses;
import io.shapes.web.RequestInput;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * After authentication, before the resources, on every path: what no call may carry (a query parameter given twice
 * or empty, an empty Idempotency-Key, a body on any call but a POST, a body without a content type, or a declared
 * body over the edge's limit, refused before it is read). Each is a 4xx problem, not a guess at what was meant. A
 * chunked body is read here, counting as it streams: past the edge's limit it stops with {@code 413}; a body that
 * has not fully arrived within the body-read timeout gets {@code 408}; either way the connection is closed. (Odd path
 * spellings were refused before, by {@link io.shapes.web.PathGate}.)
 */
@Singleton
public class PublicInputGate {
    static final int PRIORITY = 100;
    private final long maxDeclaredBody;
    private final long bodyReadTimeoutMs;
    private final BoundedBody bodies;

    public PublicInputGate(RouterConfig config) {
        this.maxDeclaredBody = config.edge().maxBodySize().asLongValue();
        this.bodyReadTimeoutMs = config.edge().bodyReadTimeout().toMillis();
        this.bodies = new BoundedBody(maxDeclaredBody);
    }

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
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
        if (length != null && declaredLength(length) > maxDeclaredBody) {
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body declares " + length
                    + " bytes; at most " + RequestInput.MAX_SHAPE_BODY + " are accepted"));
            return;
        }
        boolean body = hasBody(rc);
        if (rc.request().method() != HttpMethod.POST && body) {
            // no call of the API but a put reads a body: answered without reading it, it would stay in the
            // connection ahead of the client's next request; the connection is closed instead
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.INVALID_REQUEST, "a " + rc.request().method()
                    + " request carries no body here; only a put (POST) does"));
            return;
        }
        if (rc.request().method() == HttpMethod.POST && rc.request().getHeader("Content-Type") == null) {
            refuse(rc, Problem.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json; no"
                    + " Content-Type was given"));
            return;
        }
        if (body) {
            long timer = rc.vertx().setTimer(bodyReadTimeoutMs, id -> {
                if (!rc.request().isEnded() && !rc.response().ended()) {
                    ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.REQUEST_TIMEOUT, "the body did not arrive"
                            + " within " + bodyReadTimeoutMs + " ms"));
                }
            });
            rc.addEndHandler(done -> rc.vertx().cancelTimer(timer));
            if (isChunkedHttp1(rc)) {
                bodies.read(rc);
                return;
            }
        }
        rc.next();
    }

    /**
     * A chunked HTTP/1.1 body declares no length: it is read here, counting, so that it is cut off at the limit with a
     * problem. A declared length was checked above and the HTTP server holds the body to it; an HTTP/2 body is held
     * to the same limit by the HTTP server ({@code quarkus.http.limits.max-body-size}), which answers a bare 413.
     */
    private static boolean isChunkedHttp1(RoutingContext rc) {
        return rc.request().version() != io.vertx.core.http.HttpVersion.HTTP_2
                && rc.request().getHeader("Content-Length") == null;
    }

    /** Whether a body follows the headers (declared by Content-Length above 0, or by Transfer-Encoding). */
    static boolean hasBody(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        return rc.request().getHeader("Transfer-Encoding") != null || length != null && !length.trim().equals("0");
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
