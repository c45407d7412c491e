package io.shapes.router.cells;

import java.util.Optional;

/** One HTTP call to a cell's internal API, decided from the request before anything is sent. */
public record CellCall(String method, String path, Optional<String> body, Optional<String> idempotencyKey) {
    public static CellCall get(String path) {
        return new CellCall("GET", path, Optional.empty(), Optional.empty());
    }
}
