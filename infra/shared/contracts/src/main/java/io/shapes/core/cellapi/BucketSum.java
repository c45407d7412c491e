package io.shapes.core.cellapi;

/** One bucket's row count and the exact sum of its rows' hashes (a decimal integer): a bucket without rows is (0, "0"). */
public record BucketSum(int bucket, long count, String hash) {
    public static BucketSum empty(int bucket) {
        return new BucketSum(bucket, 0, "0");
    }

    public boolean sameRowsAs(BucketSum other) {
        return count == other.count && hash.equals(other.hash);
    }
}
