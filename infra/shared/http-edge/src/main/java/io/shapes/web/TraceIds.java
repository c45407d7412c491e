package io.shapes.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The W3C trace id of the request being served: taken from its {@code traceparent} header, or new when it came
 * without one, and passed on to every cell it calls. Problem bodies carry it, so that an error a user reports leads to
 * the log lines of every process that handled the request.
 */
public final class TraceIds {
    private TraceIds() {
    }

    /** The current request's trace id (32 hex digits), or {@code null} outside a traced request. */
    public static String current() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }
}
