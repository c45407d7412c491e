package io.shapes.cellmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.ShapeRow;

class RangeCopierTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final List<ShapeRow> feed = new ArrayList<>();
    private final List<ShapeRow> target = new ArrayList<>();
    private final List<long[]> recorded = new ArrayList<>();

    private static ShapeRow row(long seq) {
        return new ShapeRow("t", "id-" + seq, 1, "circle", seq, 0, null);
    }

    /** The source's feed: rows above the cursor in sequence order, a page at a time; each page read takes 0.4 s. */
    private ChangePage read(long cursor, int limit) {
        clock.addAndGet(400_000_000L);
        List<ShapeRow> after = feed.stream().filter(r -> r.seq() > cursor).sorted(
                java.util.Comparator.comparingLong(ShapeRow::seq)).toList();
        List<ShapeRow> page = after.subList(0, Math.min(limit, after.size()));
        long next = page.isEmpty() ? cursor : page.get(page.size() - 1).seq();
        return new ChangePage(page, next, after.size() > limit);
    }

    private long importRows(List<ShapeRow> rows) {
        long before = target.size();
        rows.stream().filter(r -> !target.contains(r)).forEach(target::add);
        return target.size() - before;
    }

    private RangeCopier.Pass pass(RangeCopier copier, long after, RangeCopier.Pass last, long estimate) {
        return copier.copy(after, last.copiedThrough(), last.rows(), estimate, this::read, this::importRows,
                (through, rows) -> recorded.add(new long[] {through, rows}));
    }

    @Test
    void copiesEveryPageRecordsProgressAfterEachAndReportsRateAndEta() {
        for (long seq = 1; seq <= 35; seq++) {
            feed.add(row(seq));
        }
        RangeCopier copier = new RangeCopier(10, 5, lines::add, clock::get);
        RangeCopier.Pass pass = pass(copier, 0, new RangeCopier.Pass(0, 0, 0), 40);
        assertEquals(new RangeCopier.Pass(35, 35, 35), pass);
        assertEquals(35, target.size());
        assertEquals(List.of("10/10", "20/20", "30/30", "35/35"), recorded.stream().map(r -> r[0] + "/" + r[1])
                .toList());
        assertEquals(List.of("copied 30 of ~40 rows, 25 rows/s, ETA 0 s", "copied 35 of ~40 rows, 22 rows/s, ETA 0 s"),
                lines, "a line once a second has passed (pages take 0.4 s) and one at the end");
    }

    @Test
    void aPassReReadsTheOverlapButSendsOnlyRowsNoPassSent() {
        for (long seq : new long[] {1, 2, 3, 4, 6, 7, 8}) { // 5 is a write still in flight: it commits later
            feed.add(row(seq));
        }
        List<List<Long>> sent = new ArrayList<>();
        RangeCopier.Sink sink = rows -> {
            sent.add(rows.stream().map(ShapeRow::seq).toList());
            return importRows(rows);
        };
        RangeCopier copier = new RangeCopier(100, 5, lines::add, clock::get);
        RangeCopier.Pass first = copier.copy(0, 0, 0, 0, this::read, sink, null);
        assertEquals(new RangeCopier.Pass(7, 8, 7), first);
        feed.add(row(5));
        feed.add(row(9));
        feed.add(row(10));
        RangeCopier.Pass second = copier.copy(first.copiedThrough() - 5, first.copiedThrough(), first.rows(), 0,
                this::read, sink, null);
        assertEquals(List.of(5L, 9L, 10L), sent.get(1), "4, 6, 7 and 8 of the overlap were sent by the first pass");
        assertEquals(new RangeCopier.Pass(3, 10, 10), second);
        assertEquals(10, target.size());
        assertTrue(recorded.isEmpty(), "no recorder: the caller records");
    }

    @Test
    void afterForgetEveryRowOfTheOverlapIsSentAgain() {
        for (long seq = 1; seq <= 6; seq++) {
            feed.add(row(seq));
        }
        RangeCopier copier = new RangeCopier(100, 3, lines::add, clock::get);
        RangeCopier.Pass first = copier.copy(0, 0, 0, 0, this::read, this::importRows, null);
        target.clear(); // the target lost its rows
        copier.forget();
        RangeCopier.Pass again = copier.copy(0, first.copiedThrough(), 0, 0, this::read, this::importRows, null);
        assertEquals(6, again.inserted());
        assertEquals(6, target.size());
    }
}
