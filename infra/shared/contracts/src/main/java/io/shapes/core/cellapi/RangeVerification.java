package io.shapes.core.cellapi;

import java.util.List;

/**
 * A cell's kept per-bucket sums of a range compared with its rows, both read in one snapshot: every difference
 * has the kept sums left and the rows' right. Also the blocks of 64 buckets, wholly in the range, whose kept block
 * sums are not their buckets' (what a digest adds up). Both empty when the sums are true.
 */
public record RangeVerification(int from, int to, long rows, List<BucketDifference> differences, List<Integer> blocks) {
    public RangeVerification {
        differences = List.copyOf(differences);
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }
}
