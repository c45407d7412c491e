package io.shapes.cellmanager;

import java.util.Comparator;
import java.util.List;

import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * What a split or a move may do, decided from the map and what the cells said before anything changes: pure, so
 * that every refusal is unit-tested. {@link Splitter} asks the cells and the store, then asks these rules.
 */
final class MoveRules {
    private MoveRules() {
    }

    /** Throws unless both cells are in the map, distinct, and the target holds no buckets yet. */
    static void checkSplit(RoutingMap map, String source, String target) {
        map.cell(source).orElseThrow(() -> new IllegalStateException("no cell " + source + " in the map"));
        map.cell(target).orElseThrow(() -> new IllegalStateException("no cell " + target
                + " in the map: start it and 'cell add' it first"));
        if (source.equals(target)) {
            throw new IllegalStateException("a cell cannot be split into itself");
        }
        if (map.rangesByCell().containsKey(target)) {
            throw new IllegalStateException("cell " + target + " already holds buckets: split into an empty cell");
        }
    }

    /**
     * The range a split of {@code source} into the empty {@code target} moves: the upper half of the source's largest
     * range. Throws if the target is not empty, the cells differ in size, or there is nothing to split.
     */
    static BucketRange splitRange(RoutingMap map, String source, String target, CellInfo sourceInfo,
            CellInfo targetInfo) {
        checkSplit(map, source, target);
        if (targetInfo.shapes() != 0 || !targetInfo.ranges().isEmpty()) {
            throw new IllegalStateException("cell " + target + " is not empty (" + targetInfo.shapes() + " shapes)");
        }
        if (sourceInfo.capacity() != targetInfo.capacity()) {
            throw new IllegalStateException("cell " + target + " holds " + targetInfo.capacity() + " shapes and " + source
                    + " " + sourceInfo.capacity() + ": cells are identical");
        }
        RangeAssignment largest = map.rangesByCell().getOrDefault(source, List.of()).stream()
                .max(Comparator.comparingInt(r -> r.range().size()))
                .orElseThrow(() -> new IllegalStateException("cell " + source + " holds no buckets to split"));
        if (largest.range().size() < 2) {
            throw new IllegalStateException("cell " + source + "'s largest range is one bucket: it cannot be split");
        }
        int middle = largest.from() + largest.range().size() / 2;
        return new BucketRange(middle, largest.to());
    }

    /** Throws unless the map gives all of {@code range} to {@code source} and {@code target} is another cell of it. */
    static void checkMove(RoutingMap map, String source, String target, BucketRange range) {
        if (source.equals(target)) {
            throw new IllegalStateException("buckets " + range + " are on " + source + " already");
        }
        if (map.cell(target).isEmpty()) {
            throw new IllegalStateException("no cell " + target + " in the map: start it and 'cell add' it first");
        }
        for (RangeAssignment assignment : map.ranges()) {
            if (assignment.range().overlaps(range) && !assignment.cell().equals(source)) {
                throw new IllegalStateException("buckets " + range + " are not all on " + source + ": "
                        + assignment.range() + " is on " + assignment.cell());
            }
        }
    }

    /** Throws if the target already holds rows of the range (what a move would copy onto). */
    static void checkNoStrayRows(String target, BucketRange range, long strayRows) {
        if (strayRows != 0) {
            throw new IllegalStateException("cell " + target + " already holds " + strayRows + " rows of buckets " + range);
        }
    }
}
