package io.shapes.web;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every failure into a problem+json from the catalogue. Nothing of an exception's text reaches a client
 * unless it was written for clients ({@link ShapesException}); the rest is logged and answered generically.
 * Services add mappers for their own, more specific failures.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response shapes(ShapesException e) {
        return ProblemResponses.of(e.problem());
    }

    /**
     * The problem that answers {@code failure}, for a handler outside the resource layer: a {@link ShapesException}'s
     * own; for anything else, logged here, the generic internal one.
     */
    public static Problem problemOf(Throwable failure) {
        if (failure instanceof ShapesException refused) {
            return refused.problem();
        }
        LOG.error("request failed", failure);
        return Problem.of(ErrorCode.INTERNAL, "the request could not be completed");
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
        return ProblemResponses.of(problemOf(e));
    }
}
