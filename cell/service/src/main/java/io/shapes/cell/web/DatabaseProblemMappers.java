package io.shapes.cell.web;

import java.net.ConnectException;

import io.shapes.web.ProblemResponses;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.Response;

/**
 * The cell's own failure: its database is unreachable. That is {@code 503 cell-unavailable} with Retry-After, so
 * the router's breaker for this cell opens. A database out of disk space refused the write and rolled it back: that
 * is {@code 507 cell-full} (nothing was stored; reads go on; writes succeed again once space is freed, with no
 * restart). Any other database error stays a generic 500.
 */
public class DatabaseProblemMappers {
    private static final Logger LOG = Logger.getLogger(DatabaseProblemMappers.class);
    private static final long DATABASE_RETRY_AFTER_MS = 1000;

    /** SQLSTATE {@code 53100}: the database could not extend a file. */
    static final String DISK_FULL = "53100";

    @ServerExceptionMapper({ConnectException.class, ClosedConnectionException.class, PgException.class})
    public Response database(Throwable e) {
        return ProblemResponses.of(problemOf(e));
    }

    /** The problem that answers a database failure (the generic internal one for an unexpected error, logged). */
    public static Problem problemOf(Throwable e) {
        if (e instanceof PgException pg && DISK_FULL.equals(pg.getSqlState())) {
            LOG.warnf("database out of disk space: %s", pg.getErrorMessage());
            return Problem.of(ErrorCode.CELL_FULL, "the cell's database is out of disk space;"
                    + " nothing was stored").withRetryAfterMs(DATABASE_RETRY_AFTER_MS);
        }
        if (isUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return Problem.of(ErrorCode.CELL_UNAVAILABLE, "the cell's database is unavailable")
                    .withRetryAfterMs(DATABASE_RETRY_AFTER_MS);
        }
        LOG.error("database error", e);
        return Problem.of(ErrorCode.INTERNAL, "the cell could not complete the request");
    }

    /** Whether {@code e} is a failure of the database or of the way to it (what {@link #problemOf} answers). */
    public static boolean isDatabaseFailure(Throwable e) {
        return e instanceof ConnectException || e instanceof ClosedConnectionException || e instanceof PgException;
    }

    private static boolean isUnavailable(Throwable e) {
        if (e instanceof ConnectException || e instanceof ClosedConnectionException) {
            return true;
        }
        String state = e instanceof PgException pg ? pg.getSqlState() : null;
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
