package io.shapes.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A half-open range of buckets {@code [from, to)}, never empty. */
public record BucketRange(int from, int to) implements Comparable<BucketRange> {
    public static final BucketRange ALL = new BucketRange(0, Buckets.COUNT);

    @JsonCreator
    public BucketRange(@JsonProperty("from") int from, @JsonProperty("to") int to) {
        if (from < 0 || to > Buckets.COUNT || from >= to) {
            throw new IllegalArgumentException(
                    "bucket range [" + from + ", " + to + ") must satisfy 0 <= from < to <= " + Buckets.COUNT);
        }
        this.from = from;
        this.to = to;
    }

    /** Parses {@code "from-to"}, as used in URL paths. */
    public static BucketRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || text.length() > 12) {
            throw new IllegalArgumentException("a bucket range is written FROM-TO, e.g. 0-8192");
        }
        try {
            return new BucketRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a bucket range is written FROM-TO, e.g. 0-8192");
        }
    }

    public boolean contains(int bucket) {
        return bucket >= from && bucket < to;
    }

    public boolean contains(BucketRange other) {
        return other.from >= from && other.to <= to;
    }

    public boolean overlaps(BucketRange other) {
        return other.from < to && from < other.to;
    }

    public int size() {
        return to - from;
    }

    @Override
    public int compareTo(BucketRange other) {
        return Integer.compare(from, other.from);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
