package io.shapes.core.cellapi;

/** A stored shape with everything a split must carry to another cell. */
public record ShapeRow(String tenant, String id, int bucket, String type, long seq, long createdAtMicros,
        String idempotencyKey) {
}
