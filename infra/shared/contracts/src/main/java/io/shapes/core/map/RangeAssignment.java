package io.shapes.core.map;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.shapes.core.BucketRange;

/** One row of the routing table: the buckets {@code [from, to)} live in {@code cell}. */
public record RangeAssignment(int from, int to, String cell) {
    @JsonCreator
    public RangeAssignment(@JsonProperty("from") int from, @JsonProperty("to") int to,
            @JsonProperty("cell") String cell) {
        new BucketRange(from, to);
        this.from = from;
        this.to = to;
        this.cell = Objects.requireNonNull(cell, "cell of range " + from + "-" + to);
    }

    public RangeAssignment(BucketRange range, String cell) {
        this(range.from(), range.to(), cell);
    }

    @JsonIgnore
    public BucketRange range() {
        return new BucketRange(from, to);
    }
}
