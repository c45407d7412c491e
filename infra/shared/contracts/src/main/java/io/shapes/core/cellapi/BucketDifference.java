package io.shapes.core.cellapi;

/** A bucket whose sums differ between two sides (two cells, or a cell's kept sums and its rows). */
public record BucketDifference(int bucket, BucketSum left, BucketSum right) {
}
