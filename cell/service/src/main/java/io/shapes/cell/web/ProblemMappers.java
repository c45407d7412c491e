package io.shapes.cell.web;

import java.net.ConnectException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every failure into a problem+json from the catalogue. Nothing of an exception's text reaches a client
 * unless it was written for clients ({@link ShapesException}); the rest is logged and answered generically.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final long DATABASE_RETRY_AFTER_MS = 1000;

    @ServerExceptionMapper
    public Response shapes(ShapesException e) {
        return ProblemResponses.of(e.problem());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
        };
        if (code == ErrorCode.INTERNAL) {
            LOG.error("request failed", e);
        }
        return ProblemResponses.of(Problem.of(code, code.title()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return ProblemResponses.of(Problem.of(ErrorCode.CELL_UNAVAILABLE, "the cell's database is unavailable")
                    .withRetryAfterMs(DATABASE_RETRY_AFTER_MS));
        }
        LOG.error("request failed", e);
        return ProblemResponses.of(Problem.of(ErrorCode.INTERNAL, "the cell could not complete the request"));
    }

    private static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Connection refused") || message.contains("Timeout while waiting for connection")) {
                return true;
            }
        }
        return false;
    }
}
