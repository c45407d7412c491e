package io.shapes.router.web;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.web.ProblemResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads a request body while counting its bytes, chunked or not. Past {@code limit} it stops reading, answers
 * {@code 413 payload-too-large} and closes the connection; otherwise it hands the whole body to the resources (which
 * then read it from the routing context, not from the connection).
 */
final class BoundedBody {
    private final long limit;

    BoundedBody(long limit) {
        this.limit = limit;
    }

    void read(RoutingContext rc) {
        Buffer body = Buffer.buffer();
        if (rc.request().isEnded()) {
            // nothing left to read (as Vert.x's own body handler does)
            ((RoutingContextInternal) rc).setBody(body);
            rc.next();
            return;
        }
        rc.request().handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.PAYLOAD_TOO_LARGE, "the body is over "
                        + limit + " bytes; a shape body is at most 4096"));
                return;
            }
            body.appendBuffer(chunk);
        });
        rc.request().endHandler(end -> {
            if (!rc.response().ended()) {
                ((RoutingContextInternal) rc).setBody(body);
                rc.next();
            }
        });
        rc.request().resume();
    }
}
