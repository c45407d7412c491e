package io.shapes.web;

import java.util.concurrent.atomic.AtomicLong;

import io.shapes.core.Json;
import io.shapes.core.error.Problem;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;

/**
 * Writes a {@link Problem} as {@code application/problem+json}, with the request's trace id, Retry-After (seconds,
 * rounded up) where set and {@code WWW-Authenticate: Bearer} on a 401.
 */
public final class ProblemResponses {
    private static final int UNAUTHORIZED = 401;
    private static final String BEARER = "Bearer";
    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(Json.write(problem.withTraceId(TraceIds.current())));
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

    /**
     * Sends the problem, then closes the connection: for a request whose body we refuse to read. What the client
     * is still sending is read and dropped first (at most {@link #LINGER_BYTES}, for at most {@link #LINGER_MS}), as
     * a lingering close does: closing a socket with unread bytes resets it, and a client still writing its body
     * would see the reset (a broken pipe) instead of the answer.
     */
    public static void sendAndClose(RoutingContext rc, Problem problem) {
        rc.response().putHeader("Connection", "close");
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        if (!request.isEnded()) {
            AtomicLong dropped = new AtomicLong();
            long timer = rc.vertx().setTimer(LINGER_MS, id -> connection.close());
            request.handler(chunk -> {
                if (dropped.addAndGet(chunk.length()) > LINGER_BYTES) {
                    rc.vertx().cancelTimer(timer);
                    connection.close();
                }
            });
            request.endHandler(ended -> {
                rc.vertx().cancelTimer(timer);
                connection.close();
            });
            request.resume();
        }
        write(rc, problem).onComplete(done -> {
            if (request.isEnded()) {
                connection.close();
            }
        });
    }

    /** How much of a refused body is read and dropped before the connection is closed. */
    static final long LINGER_BYTES = 64L << 20;
    /** How long a refused body is read and dropped before the connection is closed. */
    static final long LINGER_MS = 2000;

    private static io.vertx.core.Future<Void> write(RoutingContext rc, Problem problem) {
        var response = rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (problem.retryAfterMs() != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfterSeconds(problem)));
        }
        if (problem.status() == UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", BEARER);
        }
        return response.end(Json.write(problem.withTraceId(TraceIds.current())));
    }

    private static long retryAfterSeconds(Problem problem) {
        return Math.max(1, (problem.retryAfterMs() + 999) / 1000);
    }
}
