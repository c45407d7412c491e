package io.shapes.web;

import io.shapes.core.Json;
import io.shapes.core.error.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * Writes a {@link Problem} as {@code application/problem+json}, with Retry-After (seconds, rounded up) where set
 * and {@code WWW-Authenticate: Bearer} on a 401.
 */
public final class ProblemResponses {
    private static final int UNAUTHORIZED = 401;
    private static final String BEARER = "Bearer";
    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(Json.write(problem));
        if (problem.retryAfterMs() != null) {
            builder.header("Retry-After", retryAfterSeconds(problem));
        }
        if (problem.status() == UNAUTHORIZED) {
            builder.header("WWW-Authenticate", BEARER);
        }
        return builder.build();
    }

    public static void send(RoutingContext rc, Problem problem) {
        write(rc, problem);
    }

    /** Sends the problem, then closes the connection: for a request whose body we refuse to read. */
    public static void sendAndClose(RoutingContext rc, Problem problem) {
        rc.response().putHeader("Connection", "close");
        write(rc, problem).onComplete(done -> rc.request().connection().close());
    }

    private static io.vertx.core.Future<Void> write(RoutingContext rc, Problem problem) {
        var response = rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.retryAfterMs() != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds(problem)));
        }
        if (problem.status() == UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", BEARER);
        }
        return response.end(Json.write(problem));
    }

    private static long retryAfterSeconds(Problem problem) {
        return Math.max(1, (problem.retryAfterMs() + 999) / 1000);
    }
}
