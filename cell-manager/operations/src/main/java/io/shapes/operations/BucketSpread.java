package io.shapes.operations;

import java.util.ArrayList;
import java.util.List;

import io.shapes.core.Buckets;
import io.shapes.core.map.RangeAssignment;

/** Spreads the whole bucket space evenly over cells, in order: one contiguous range each. */
public final class BucketSpread {
    private BucketSpread() {
    }

    public static List<RangeAssignment> evenly(List<String> cells) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("spreading buckets needs at least one cell");
        }
        List<RangeAssignment> ranges = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            int from = (int) ((long) Buckets.COUNT * i / cells.size());
            int to = (int) ((long) Buckets.COUNT * (i + 1) / cells.size());
            ranges.add(new RangeAssignment(from, to, cells.get(i)));
        }
        return ranges;
    }
}
