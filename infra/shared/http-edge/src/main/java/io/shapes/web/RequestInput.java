package io.shapes.web;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.Names;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;

/** Parses what clients send (bodies, names, parameters) into values, or fails with a 4xx that says what to fix. */
public final class RequestInput {
    /** The public limit on a shape body (API.md). */
    public static final int MAX_SHAPE_BODY = 4096;

    private RequestInput() {
    }

    public static <T> T json(byte[] body, int maxBytes, Class<T> type) {
        if (body == null || body.length == 0) {
            throw invalid("the body must be a JSON object");
        }
        if (body.length > maxBytes) {
            throw new ShapesException(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the body is " + body.length + " bytes; at most " + maxBytes + " are accepted"));
        }
        try {
            T value = Json.read(body, type);
            if (value == null) {
                throw invalid("the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw invalid("unknown field '" + e.getPropertyName() + "'");
        } catch (StreamConstraintsException e) {
            throw invalid("the JSON is nested too deeply");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw invalid(field == null ? "the body must be a JSON object" : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw invalid("the body is not valid JSON");
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("the body is not valid JSON");
        }
    }

    public static String tenant(String tenant) {
        return check(() -> Names.requireTenant(tenant));
    }

    public static Optional<String> idempotencyKey(String key) {
        return key == null ? Optional.empty() : Optional.of(check(() -> Names.requireIdempotencyKey(key)));
    }

    public static BucketRange range(String text) {
        return check(() -> BucketRange.parse(text));
    }

    /**
     * A comma-separated list of distinct buckets, at most a placement's width ({@code buckets=12,9000}); none when the
     * parameter is absent.
     */
    public static java.util.List<Integer> buckets(String text) {
        if (text == null) {
            return java.util.List.of();
        }
        String[] parts = text.split(",", -1);
        if (text.length() > 6 * io.shapes.core.Placement.MAX_WIDTH || parts.length > io.shapes.core.Placement.MAX_WIDTH) {
            throw invalid("query parameter 'buckets' lists at most " + io.shapes.core.Placement.MAX_WIDTH + " buckets");
        }
        java.util.List<Integer> buckets = new java.util.ArrayList<>();
        for (String part : parts) {
            try {
                buckets.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw invalid("query parameter 'buckets' is a comma-separated list of bucket numbers");
            }
        }
        return check(() -> new io.shapes.core.Placement(buckets)).buckets();
    }

    public static long nonNegative(String name, String text, long defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw invalid("query parameter '" + name + "' must be a non-negative integer");
    }

    public static ShapesException invalid(String detail) {
        return new ShapesException(ErrorCode.INVALID_REQUEST, detail);
    }

    private static <T> T check(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }
}
