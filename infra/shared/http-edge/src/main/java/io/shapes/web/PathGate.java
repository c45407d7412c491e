package io.shapes.web;

import java.util.Optional;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The first filter of every service: a path in any spelling but the plain one ({@link PathRules}) gets
 * {@code 400 invalid-request} before any other gate, route or resource sees it.
 */
@Singleton
public class PathGate {
    /** Runs before every other filter (higher runs first). */
    public static final int PRIORITY = 10_000;

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
        Optional<String> violation = PathRules.violation(rc.request().path());
        if (violation.isPresent()) {
            ProblemResponses.send(rc, Problem.of(ErrorCode.INVALID_REQUEST, violation.get()));
            return;
        }
        rc.next();
    }
}
