package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import io.shapes.core.BucketRange;

/**
 * What a data move would do, worked out without changing anything: each range with its source, target and rows, an
 * estimate of the time at the copy rate last measured, and every cell's fill after. A dry run prints it.
 */
record MovePlan(List<Move> moves, Map<String, Fill> fillBefore, OptionalDouble copyRowsPerSecond) {

    /** One range moving from one cell to another. */
    record Move(String source, String target, BucketRange range, long rows) {
    }

    /** A cell's shapes against its capacity. */
    record Fill(long shapes, long capacity) {
        double percent() {
            return capacity == 0 ? 0 : 100.0 * shapes / capacity;
        }
    }

    MovePlan {
        moves = List.copyOf(moves);
        fillBefore = new LinkedHashMap<>(fillBefore);
    }

    long rows() {
        return moves.stream().mapToLong(Move::rows).sum();
    }

    OptionalDouble estimatedSeconds() {
        return copyRowsPerSecond.isPresent() ? OptionalDouble.of(rows() / copyRowsPerSecond.getAsDouble())
                : OptionalDouble.empty();
    }

    /** Every cell's fill once the moves are done. */
    Map<String, Fill> fillAfter() {
        Map<String, Fill> after = new LinkedHashMap<>(fillBefore);
        for (Move move : moves) {
            after.computeIfPresent(move.source(), (cell, fill) -> new Fill(fill.shapes() - move.rows(), fill.capacity()));
            after.computeIfPresent(move.target(), (cell, fill) -> new Fill(fill.shapes() + move.rows(), fill.capacity()));
        }
        return after;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", true);
        json.put("moves", moves.stream().map(m -> Map.of("source", m.source(), "target", m.target(), "range",
                m.range().toString(), "rows", m.rows())).toList());
        json.put("rows", rows());
        json.put("copyRowsPerSecond", copyRowsPerSecond.isPresent() ? copyRowsPerSecond.getAsDouble() : null);
        json.put("estimatedSeconds", estimatedSeconds().isPresent() ? estimatedSeconds().getAsDouble() : null);
        List<Map<String, Object>> fills = new ArrayList<>();
        fillAfter().forEach((cell, fill) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cell", cell);
            row.put("shapes", fill.shapes());
            row.put("capacity", fill.capacity());
            row.put("fillPercent", fill.percent());
            row.put("fillPercentBefore", fillBefore.get(cell).percent());
            fills.add(row);
        });
        json.put("fillAfter", fills);
        return json;
    }

    String text() {
        StringBuilder text = new StringBuilder("plan (dry run: nothing changed)\n");
        for (Move move : moves) {
            text.append(String.format(Locale.ROOT, "  move buckets %s from %s to %s: %,d rows%n", move.range(),
                    move.source(), move.target(), move.rows()));
        }
        text.append(estimatedSeconds().isPresent()
                ? String.format(Locale.ROOT, "  estimated copy time: %.0f s for %,d rows at %,.0f rows/s (the last"
                        + " split's copy rate)%n", estimatedSeconds().getAsDouble(), rows(),
                        copyRowsPerSecond.getAsDouble())
                : String.format(Locale.ROOT, "  %,d rows; no copy rate measured yet (no split has finished), so no"
                        + " estimate%n", rows()));
        text.append("  fill after:");
        fillAfter().forEach((cell, fill) -> text.append(String.format(Locale.ROOT, " %s %.1f %% (was %.1f %%);", cell,
                fill.percent(), fillBefore.get(cell).percent())));
        return text.substring(0, text.length() - 1);
    }
}
