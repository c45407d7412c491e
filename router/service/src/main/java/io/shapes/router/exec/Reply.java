package io.shapes.router.exec;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.core.Json;
import io.shapes.core.error.Problem;

/** What the router answers: status, JSON body, content type and the routing headers. */
public record Reply(int status, String body, String contentType, Map<String, String> headers) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object body, Map<String, String> headers) {
        return new Reply(status, Json.write(body), "application/json", headers);
    }

    public static Reply problem(Problem problem, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (problem.retryAfterMs() != null) {
            all.put("Retry-After", String.valueOf(Math.max(1, (problem.retryAfterMs() + 999) / 1000)));
        }
        return new Reply(problem.status(), Json.write(problem), Problem.MEDIA_TYPE, all);
    }
}
