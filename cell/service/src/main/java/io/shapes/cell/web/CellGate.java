package io.shapes.cell.web;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.cell.config.CellConfig;
import io.shapes.cell.ownership.Ownership;
import io.shapes.cell.service.CellErrors;
import io.shapes.cell.service.CellMetrics;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.web.PathGate;
import io.shapes.web.ProblemResponses;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The cell's door, deny by default: every path of the service port needs a token (health and metrics are on the
 * management port, apart). It runs after {@link PathGate}, so the path it sees is the only spelling the resource layer
 * matches.
 * Then the in-flight limit (503 overloaded at once, without touching the database). Which token an endpoint needs
 * is decided by {@link AdminOnly} on the matched method. Every response names the cell and its map version.
 */
@Singleton
public class CellGate {
    /** The largest body any internal endpoint takes (an import batch). */
    public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    private final CellTokens tokens;
    private final RequestLimiter limiter;
    private final CellMetrics metrics;
    private final Ownership ownership;
    private final CellConfig config;
    private final CellErrors errors;

    public CellGate(CellConfig config, CellTokens tokens, RequestLimiter limiter, CellMetrics metrics,
            Ownership ownership, CellErrors errors) {
        this.errors = errors;
        this.tokens = tokens;
        this.limiter = limiter;
        this.metrics = metrics;
        this.ownership = ownership;
        this.config = config;
    }

    @RouteFilter(PathGate.PRIORITY - 100)
    void filter(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> rc.response().putHeader("X-Shapes-Cell", config.name())
                .putHeader("X-Shapes-Map-Version", String.valueOf(ownership.mapVersion())));
        String authorization = rc.request().getHeader("Authorization");
        if (tokens.roleOf(authorization).isEmpty()) {
            metrics.unauthenticated(authorization == null ? "no token" : "unknown token",
                    String.valueOf(rc.request().remoteAddress()));
            ProblemResponses.send(rc, Problem.of(ErrorCode.UNAUTHENTICATED, "the internal API needs a token"));
            return;
        }
        if (declaredLength(rc) > MAX_BODY_BYTES) {
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "bodies over " + MAX_BODY_BYTES + " bytes are refused"));
            return;
        }
        if (!limiter.tryAcquire()) {
            ProblemResponses.send(rc, errors.overloaded().problem());
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
