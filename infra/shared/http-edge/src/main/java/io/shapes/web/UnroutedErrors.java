package io.shapes.web;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** problem+json for errors raised below the resources: unknown paths, wrong methods, bodies over the HTTP limit. */
@Singleton
public class UnroutedErrors {
    void install(@Observes Router router) {
        router.errorHandler(404, rc -> ProblemResponses.send(rc, Problem.of(ErrorCode.NOT_FOUND, "no such path")));
        router.errorHandler(405, rc -> ProblemResponses.send(rc,
                Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed on this path")));
        router.errorHandler(413, rc -> ProblemResponses.send(rc,
                Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than this endpoint accepts")));
        router.errorHandler(500, rc -> ProblemResponses.send(rc,
                Problem.of(ErrorCode.INTERNAL, "the cell could not complete the request")));
    }
}
