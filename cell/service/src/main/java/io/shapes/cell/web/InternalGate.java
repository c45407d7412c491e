package io.shapes.cell.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.cell.config.CellConfig;
import io.shapes.cell.ownership.Ownership;
import io.shapes.cell.service.CellMetrics;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.web.ProblemResponses;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The door of the internal API, before any resource runs: the internal token (compared in constant time), then
 * the in-flight limit (503 overloaded at once, without touching the database). Every internal response names
 * the cell and its map version.
 */
@Singleton
public class InternalGate {
    static final String INTERNAL_PREFIX = "/internal/";
    /** The largest body any internal endpoint takes (an import batch). */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    private final byte[] expectedAuthorization;
    private final RequestLimiter limiter;
    private final CellMetrics metrics;
    private final Ownership ownership;
    private final CellConfig config;

    public InternalGate(CellConfig config, RequestLimiter limiter, CellMetrics metrics, Ownership ownership) {
        this.expectedAuthorization = ("Bearer " + config.internalToken()).getBytes(StandardCharsets.UTF_8);
        this.limiter = limiter;
        this.metrics = metrics;
        this.ownership = ownership;
        this.config = config;
    }

    @RouteFilter(100)
    void filter(RoutingContext rc) {
        if (!rc.normalizedPath().startsWith(INTERNAL_PREFIX)) {
            rc.next();
            return;
        }
        rc.addHeadersEndHandler(v -> rc.response().putHeader("X-Shapes-Cell", config.name())
                .putHeader("X-Shapes-Map-Version", String.valueOf(ownership.mapVersion())));
        if (declaredLength(rc) > MAX_BODY_BYTES) {
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "bodies over " + MAX_BODY_BYTES + " bytes are refused"));
            return;
        }
        String presented = rc.request().getHeader("Authorization");
        if (presented == null || !MessageDigest.isEqual(expectedAuthorization,
                presented.getBytes(StandardCharsets.UTF_8))) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            ProblemResponses.send(rc, Problem.of(ErrorCode.UNAUTHENTICATED, "the internal API needs the internal token"));
            return;
        }
        if (!limiter.tryAcquire()) {
            metrics.shed();
            ProblemResponses.send(rc, Problem.of(ErrorCode.OVERLOADED, "cell " + config.name()
                    + " is at its limit of " + config.maxInFlight() + " requests in flight")
                    .withRetryAfterMs(config.overloadedRetryAfterMs()));
            return;
        }
        rc.addEndHandler(v -> limiter.release());
        rc.next();
    }

    private static long declaredLength(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
