package io.shapes.router.exec;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.core.Json;
import io.shapes.core.error.Problem;
import io.shapes.web.TraceIds;

/**
 * What the router answers: status, JSON body, content type and the routing headers; and whether the request spent
 * time waiting on a split's fence (retrying {@code 503 moving}), which says nothing about the router's own latency.
 */
public record Reply(int status, String body, String contentType, Map<String, String> headers, boolean waitedOnFence) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public Reply(int status, String body, String contentType, Map<String, String> headers) {
        this(status, body, contentType, headers, false);
    }

    /** This reply, marked as having waited on a fence. */
    public Reply afterFenceWait() {
        return new Reply(status, body, contentType, headers, true);
    }

    public static Reply json(int status, Object body, Map<String, String> headers) {
        return new Reply(status, Json.write(body), "application/json", headers);
    }

    public static Reply problem(Problem problem, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (problem.retryAfterMs() != null) {
            all.put("Retry-After", String.valueOf(Math.max(1, (problem.retryAfterMs() + 999) / 1000)));
        }
        return new Reply(problem.status(), Json.write(problem.withTraceId(TraceIds.current())), Problem.MEDIA_TYPE, all);
    }
}
