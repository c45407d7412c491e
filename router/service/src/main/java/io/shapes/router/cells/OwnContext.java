package io.shapes.router.cells;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Where the router sends a call of its own (a breaker's probe, a combined call for many requests): on a Vert.x context
 * of its own, a new duplicate of the current event loop's. A call sent on a request's context would carry that
 * request's trace to the cell and write the cell's log lines about it under the request's trace id.
 */
final class OwnContext {
    private OwnContext() {
    }

    /** Runs {@code work} now, on this thread, on a context of its own (as it is when there is no current context). */
    static void run(Runnable work) {
        ContextInternal current = (ContextInternal) Vertx.currentContext();
        if (current == null) {
            work.run();
        } else {
            current.unwrap().duplicate().dispatch(work);
        }
    }
}
