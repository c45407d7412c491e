package io.shapes.web;

import java.util.Optional;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The first filter of every service: a request target (path and query) over {@value #MAX_REQUEST_TARGET} characters
 * gets {@code 414 uri-too-long}, and a path in any spelling but the plain one ({@link PathRules})
 * {@code 400 invalid-request}, before any other gate, route or resource sees it. A request line longer than the HTTP
 * server's own limit ({@code quarkus.http.limits.max-initial-line-length}, set above this one where the public sends
 * requests) never reaches a filter: the server answers a bare {@code 414}.
 */
@Singleton
public class PathGate {
    /** Runs before every other filter (higher runs first). */
    public static final int PRIORITY = 10_000;
    /** The longest request target, path and query together, that any service reads. */
    public static final int MAX_REQUEST_TARGET = 4096;

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
        int targetLength = rc.request().uri().length();
        if (targetLength > MAX_REQUEST_TARGET) {
            ProblemResponses.send(rc, Problem.of(ErrorCode.URI_TOO_LONG, "the request target (path and query) is "
                    + targetLength + " characters long; at most " + MAX_REQUEST_TARGET + " are read"));
            return;
        }
        Optional<String> violation = PathRules.violation(rc.request().path());
        if (violation.isPresent()) {
            ProblemResponses.send(rc, Problem.of(ErrorCode.INVALID_REQUEST, violation.get()));
            return;
        }
        rc.next();
    }
}
