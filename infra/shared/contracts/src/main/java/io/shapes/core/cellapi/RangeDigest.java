package io.shapes.core.cellapi;

/**
 * A cell's kept sums of a range in one small answer: its rows and the sum of their hashes (the range's per-bucket
 * sums added up, exact). Two cells holding the same rows of a range give the same digest; it is compared inside a
 * split's write pause instead of the per-bucket vectors (which say where a difference is).
 */
public record RangeDigest(int from, int to, long rows, String hash) {
    /** Whether {@code other} describes the same rows: as many, with the same sum of hashes. */
    public boolean sameRowsAs(RangeDigest other) {
        return other != null && rows == other.rows() && hash.equals(other.hash());
    }
}
