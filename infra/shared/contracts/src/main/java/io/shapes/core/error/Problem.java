package io.shapes.core.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An {@code application/problem+json} body (RFC 9457) with our {@code code}, and where it helps
 * {@code retryAfterMs}, {@code missingCells} or the responding cell's {@code mapVersion}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, Long retryAfterMs,
        List<String> missingCells, Long mapVersion) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode error, String detail) {
        return new Problem(error.typeUri(), error.title(), error.status(), detail, error.code(), null, null, null);
    }

    public Problem withRetryAfterMs(long millis) {
        return new Problem(type, title, status, detail, code, millis, missingCells, mapVersion);
    }

    public Problem withMapVersion(long version) {
        return new Problem(type, title, status, detail, code, retryAfterMs, missingCells, version);
    }

    public Problem withMissingCells(List<String> cells) {
        return new Problem(type, title, status, detail, code, retryAfterMs, List.copyOf(cells), mapVersion);
    }
}
