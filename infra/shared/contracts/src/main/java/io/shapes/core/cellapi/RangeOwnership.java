package io.shapes.core.cellapi;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.shapes.core.BucketRange;

/** One row of a cell's ownership table. */
public record RangeOwnership(int from, int to, OwnershipState state) {
    public RangeOwnership {
        new BucketRange(from, to);
    }

    public RangeOwnership(BucketRange range, OwnershipState state) {
        this(range.from(), range.to(), state);
    }

    @JsonIgnore
    public BucketRange range() {
        return new BucketRange(from, to);
    }
}
