package io.shapes.cellmanager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.ShapeRow;

/**
 * Copies a range's change feed from one cell into another, page by page, with progress and an ETA. Passes re-read
 * an overlap of sequence numbers (a row may commit after a later one); rows this copier sent in an earlier pass are
 * not sent again. Knows nothing of HTTP or the store: {@link Splitter} gives it the feed, the import and where to
 * record progress, so it is unit-tested with plain lists.
 */
final class RangeCopier {
    /** The source's feed: rows of the range with a sequence number above {@code cursor}, in sequence order. */
    interface Feed {
        ChangePage after(long cursor, int limit);
    }

    /** The target's idempotent import: how many rows were new. */
    interface Sink {
        long importRows(List<ShapeRow> rows);
    }

    /** Where progress goes after each page: every row up to {@code copiedThrough} is on the target. */
    interface Recorder {
        void record(long copiedThrough, long rows);
    }

    /** What a pass did: rows new on the target, and the progress reached. */
    record Pass(long inserted, long copiedThrough, long rows) {
    }

    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;
    private final int page;
    private final long overlap;
    private final Consumer<String> progress;
    private final LongSupplier nanoClock;
    private final Set<Long> sent = new HashSet<>();

    RangeCopier(int page, long overlap, Consumer<String> progress, LongSupplier nanoClock) {
        this.page = page;
        this.overlap = overlap;
        this.progress = progress;
        this.nanoClock = nanoClock;
    }

    /**
     * Copies the feed after {@code after} until a page says there is no more. {@code copiedThrough} and {@code rows}
     * are the progress so far; with {@code estimate} above 0 (rows to copy), a line with the rate and an ETA every
     * second; {@code recorder} (if not null) is told the progress after every page.
     */
    Pass copy(long after, long copiedThrough, long rows, long estimate, Feed feed, Sink sink, Recorder recorder) {
        long cursor = after;
        long through = copiedThrough;
        long total = rows;
        long copiedNow = 0;
        long inserted = 0;
        long start = nanoClock.getAsLong();
        long reported = start;
        while (true) {
            ChangePage batch = feed.after(cursor, page);
            List<ShapeRow> fresh = batch.rows().stream().filter(row -> !sent.contains(row.seq())).toList();
            if (!fresh.isEmpty()) {
                inserted += sink.importRows(fresh);
                copiedNow += fresh.size();
                total += fresh.size();
                fresh.forEach(row -> sent.add(row.seq()));
            }
            cursor = batch.nextAfter();
            through = Math.max(through, cursor);
            long window = through - overlap;
            sent.removeIf(seq -> seq <= window); // only the overlap is ever read again
            if (recorder != null) {
                recorder.record(through, total);
            }
            long now = nanoClock.getAsLong();
            if (estimate > 0 && (now - reported >= REPORT_EVERY_NANOS || !batch.more())) {
                report(copiedNow, estimate, now - start);
                reported = now;
            }
            if (!batch.more()) {
                return new Pass(inserted, through, total);
            }
        }
    }

    /** Sends every row again from now on (the target may have lost rows it was sent). */
    void forget() {
        sent.clear();
    }

    private void report(long copied, long estimate, long elapsedNanos) {
        double seconds = Math.max(0.001, elapsedNanos / 1e9);
        double rate = copied / seconds;
        long left = Math.max(0, estimate - copied);
        progress.accept(String.format("copied %,d of ~%,d rows, %,.0f rows/s, ETA %.0f s", copied, estimate, rate,
                rate > 0 ? left / rate : 0));
    }
}
