package io.shapes.core.cellapi;

import java.util.List;

/**
 * A cell's kept per-bucket sums of a range compared with its rows, both read in one snapshot: every difference
 * has the kept sums left and the rows' right. Empty when the sums are true.
 */
public record RangeVerification(int from, int to, long rows, List<BucketDifference> differences) {
    public RangeVerification {
        differences = List.copyOf(differences);
    }
}
