package io.shapes.core.error;

import java.util.Optional;

/**
 * The catalogue of errors a client can see (API.md, "Errors"): a stable code, an HTTP status and a title.
 * Services never invent a status or code outside this list.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid-request", "The request is invalid"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "This key may not do that"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Only application/json responses are available"),
    REQUEST_TIMEOUT(408, "request-timeout", "The request body did not arrive in time"),
    IDEMPOTENCY_CONFLICT(409, "idempotency-conflict", "Idempotency-Key was used with a different body"),
    CONFLICT(409, "conflict", "The request conflicts with the current state"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The body is larger than 4 KiB"),
    URI_TOO_LONG(414, "uri-too-long", "The request target is too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be application/json"),
    MISDIRECTED(421, "misdirected", "This cell does not own the bucket"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "Request headers are too large"),
    RATE_LIMITED(429, "rate-limited", "The tenant is over its request rate"),
    CELL_UNAVAILABLE(503, "cell-unavailable", "The cell for this request is unavailable"),
    CELLS_UNAVAILABLE(503, "cells-unavailable", "Cells needed for this count are unavailable"),
    OVERLOADED(503, "overloaded", "The service is overloaded"),
    MOVING(503, "moving", "The data is being moved to another cell"),
    CELL_FULL(507, "cell-full", "The cell for this write is full"),
    INTERNAL(500, "internal", "Internal error");

    private final int status;
    private final String code;
    private final String title;

    ErrorCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The problem type URI of this code. */
    public String typeUri() {
        return "https://shapes.io/problems/" + code;
    }

    public static Optional<ErrorCode> byCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
