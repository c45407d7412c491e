package io.shapes.core.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An {@code application/problem+json} body (RFC 9457) with our {@code code}, and where it helps
 * {@code retryAfterMs}, {@code missingCells} or the responding cell's {@code mapVersion}; and the W3C trace id of
 * the request ({@code traceId}), which finds its log lines in every process that handled it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, Long retryAfterMs,
        List<String> missingCells, Long mapVersion, String traceId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode error, String detail) {
        return new Problem(error.typeUri(), error.title(), error.status(), detail, error.code(), null, null, null, null);
    }

    public Problem withRetryAfterMs(long millis) {
        return new Problem(type, title, status, detail, code, millis, missingCells, mapVersion, traceId);
    }

    public Problem withMapVersion(long version) {
        return new Problem(type, title, status, detail, code, retryAfterMs, missingCells, version, traceId);
    }

    public Problem withMissingCells(List<String> cells) {
        return new Problem(type, title, status, detail, code, retryAfterMs, List.copyOf(cells), mapVersion,
                traceId);
    }

    /** This problem with the trace id of the request it answers (none: unchanged). */
    public Problem withTraceId(String id) {
        return id == null ? this : new Problem(type, title, status, detail, code, retryAfterMs, missingCells, mapVersion,
                id);
    }
}
