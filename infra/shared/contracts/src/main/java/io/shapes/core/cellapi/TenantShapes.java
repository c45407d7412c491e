package io.shapes.core.cellapi;

import java.util.List;

/**
 * How many shapes a tenant has in a cell, in the buckets the cell serves, in total and per bucket (per-bucket rows
 * only where it was asked for one tenant).
 */
public record TenantShapes(String tenant, long shapes, List<BucketShapes> buckets) {
    public TenantShapes {
        buckets = List.copyOf(buckets);
    }

    /** The shapes of a tenant in one bucket. */
    public record BucketShapes(int bucket, long shapes) {
    }
}
