package io.shapes.cellmanager;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.BucketDifference;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.RangeVerification;

/**
 * Full comparisons that read every row of a range, a chunk of buckets per call so that each call stays short and
 * progress shows: a cell's kept per-bucket sums against its rows, and two cells' rows against each other.
 */
final class RangeVerifier {
    /** Buckets read per call. */
    static final int CHUNK = 1024;
    private final CellAdminClient cells;
    private final Consumer<String> progress;

    RangeVerifier(CellAdminClient cells, Consumer<String> progress) {
        this.cells = cells;
        this.progress = progress;
    }

    /**
     * What a comparison found: the rows read, the buckets that differ and the blocks of 64 buckets whose kept sums
     * are not their buckets' (both empty if none).
     */
    record Outcome(long rows, List<BucketDifference> differences, List<Integer> blocks) {
        Outcome(long rows, List<BucketDifference> differences) {
            this(rows, differences, List.of());
        }

        boolean holds() {
            return differences.isEmpty() && blocks.isEmpty();
        }

        /** Where the kept sums are off, in a few words: "in 3 buckets (first: bucket 17)", and the blocks. */
        String where() {
            List<String> parts = new ArrayList<>();
            if (!differences.isEmpty()) {
                parts.add("in " + differences.size() + " buckets (first: bucket " + differences.get(0).bucket() + ")");
            }
            if (!blocks.isEmpty()) {
                parts.add("in the block sums of " + blocks.size() + " blocks of 64 buckets (first: block "
                        + blocks.get(0) + ", buckets " + blocks.get(0) * 64 + "-" + (blocks.get(0) * 64 + 64) + ")");
            }
            return String.join(" and ", parts);
        }
    }

    /** The sums {@code cell} keeps for {@code range} against its rows: left the kept sums, right the counted. */
    Outcome keptAgainstRows(String name, URI cell, BucketRange range) {
        List<BucketDifference> differences = new ArrayList<>();
        List<Integer> blocks = new ArrayList<>();
        long rows = 0;
        Eta eta = new Eta("checked " + name + "'s sums of " + range + " against its rows", range);
        for (BucketRange chunk : chunks(range)) {
            RangeVerification verified = cells.verify(cell, chunk).join();
            rows += verified.rows();
            differences.addAll(verified.differences());
            blocks.addAll(verified.blocks());
            eta.done(chunk, rows);
        }
        return new Outcome(rows, differences, blocks);
    }

    /** The rows of {@code range} on two cells, bucket by bucket: left {@code first}'s, right {@code second}'s. */
    Outcome rowsAgainstRows(URI first, URI second, BucketRange range) {
        List<BucketDifference> differences = new ArrayList<>();
        long rows = 0;
        Eta eta = new Eta("compared the rows of " + range + " on both cells", range);
        for (BucketRange chunk : chunks(range)) {
            CompletableFuture<RangeSums> left = cells.rowSums(first, chunk);
            RangeSums right = cells.rowSums(second, chunk).join();
            RangeSums leftSums = left.join();
            rows += leftSums.count();
            differences.addAll(leftSums.differencesFrom(right));
            eta.done(chunk, rows);
        }
        return new Outcome(rows, differences);
    }

    static List<BucketRange> chunks(BucketRange range) {
        List<BucketRange> chunks = new ArrayList<>();
        for (int from = range.from(); from < range.to(); from += CHUNK) {
            chunks.add(new BucketRange(from, Math.min(range.to(), from + CHUNK)));
        }
        return chunks;
    }

    /** Progress with an estimate of the time left, by buckets done, at most one line a second and the last. */
    private final class Eta {
        private final String what;
        private final BucketRange range;
        private final long start = System.nanoTime();
        private long reported = start;

        Eta(String what, BucketRange range) {
            this.what = what;
            this.range = range;
        }

        void done(BucketRange chunk, long rows) {
            long now = System.nanoTime();
            boolean last = chunk.to() == range.to();
            if (!last && now - reported < 1_000_000_000L) {
                return;
            }
            reported = now;
            double seconds = (now - start) / 1e9;
            int done = chunk.to() - range.from();
            double left = seconds / done * (range.size() - done);
            progress.accept(String.format("%s: %,d of %,d buckets, %,d rows, %.1f s%s", what, done, range.size(), rows,
                    seconds, last ? "" : String.format(", ETA %.0f s", left)));
        }
    }
}
