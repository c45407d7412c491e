package io.shapes.core.cellapi;

/**
 * A cell's kept per-bucket sums of a range in one small answer: how many non-empty buckets, their rows, and an MD5
 * of the ordered (bucket, rows, hash) vectors. Two cells holding the same rows of a range give the same digest; it
 * is compared inside a split's write pause instead of the vectors themselves (the vectors say where a difference is).
 */
public record RangeDigest(int from, int to, long buckets, long rows, String digest) {
    /** Whether {@code other} describes the same rows: the same buckets, rows and MD5. */
    public boolean sameRowsAs(RangeDigest other) {
        return other != null && digest.equals(other.digest()) && rows == other.rows() && buckets == other.buckets();
    }
}
