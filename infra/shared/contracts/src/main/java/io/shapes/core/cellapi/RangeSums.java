package io.shapes.core.cellapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The per-bucket sums of a range, buckets without rows left out: at most 16,384 small vectors. */
public record RangeSums(int from, int to, List<BucketSum> buckets) {
    public RangeSums {
        buckets = List.copyOf(buckets);
    }

    /** Rows in the range. */
    public long count() {
        return buckets.stream().mapToLong(BucketSum::count).sum();
    }

    /** The buckets whose sums differ from {@code other}'s (this side left), in bucket order. */
    public List<BucketDifference> differencesFrom(RangeSums other) {
        Map<Integer, BucketSum> mine = byBucket(buckets);
        Map<Integer, BucketSum> theirs = byBucket(other.buckets);
        TreeSet<Integer> all = new TreeSet<>(mine.keySet());
        all.addAll(theirs.keySet());
        List<BucketDifference> differences = new ArrayList<>();
        for (int bucket : all) {
            BucketSum left = mine.getOrDefault(bucket, BucketSum.empty(bucket));
            BucketSum right = theirs.getOrDefault(bucket, BucketSum.empty(bucket));
            if (!left.sameRowsAs(right)) {
                differences.add(new BucketDifference(bucket, left, right));
            }
        }
        return differences;
    }

    private static Map<Integer, BucketSum> byBucket(List<BucketSum> sums) {
        return sums.stream().collect(Collectors.toMap(BucketSum::bucket, Function.identity()));
    }
}
