package io.shapes.core.cellapi;

/** Count and an order-independent hash of (tenant, id, type) over a bucket range: equal on both sides of a split. */
public record RangeChecksum(int from, int to, long count, String hash) {
}
