package io.shapes.router.cells;

import java.util.Optional;

/**
 * One HTTP call to a cell's internal API, decided from the request before anything is sent. A getShape also names
 * its {@link ShapeRead}, so that it may travel with others to the same cell ({@link ReadBatches}).
 */
public record CellCall(String method, String path, Optional<String> body, Optional<String> idempotencyKey,
        Optional<ShapeRead> shapeRead) {
    public static CellCall get(String path) {
        return new CellCall("GET", path, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static CellCall post(String path, String body, Optional<String> idempotencyKey) {
        return new CellCall("POST", path, Optional.of(body), idempotencyKey, Optional.empty());
    }

    /** getShape: {@code GET /internal/v1/tenants/{tenant}/shapes/{id}}. */
    public static CellCall shapeRead(String tenant, String id) {
        return new CellCall("GET", "/internal/v1/tenants/" + tenant + "/shapes/" + id, Optional.empty(),
                Optional.empty(), Optional.of(new ShapeRead(tenant, id)));
    }

    /** The tenant and id of a getShape. */
    public record ShapeRead(String tenant, String id) {
    }
}
