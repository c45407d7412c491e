package io.shapes.operations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.shapes.core.Buckets;
import io.shapes.core.Placement;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * Chooses where a key's new buckets go (DESIGN.md, "Placement width"): shuffle sharding with placement by load. A pure
 * function of the key, its current placement, the map and the cells' fill.
 *
 * <ol>
 * <li>The candidates are the active cells that hold buckets and that the key does not use yet, shuffled by a
 * generator seeded by the key: every key sees its own order, so combinations of cells stay diverse.</li>
 * <li>Of the first {@code 2 × needed} of them (at least {@code needed + 2}), the least filled win: cells with room
 * first, then by fill in whole percent, then in the shuffled order. With even fills this is a uniform random choice
 * of cells, so two keys share all of their cells with probability about 1 / C(n, k).</li>
 * <li>In each chosen cell, the bucket is one of the cell's buckets picked by a hash of the key: buckets move with
 * their ranges, so a split never re-places anything.</li>
 * </ol>
 */
public final class PlacementChoice {
    private PlacementChoice() {
    }

    /**
     * {@code current} (null for a new key) widened to {@code width} buckets on distinct cells. {@code fill} is each
     * cell's shapes ÷ capacity; a cell missing from it counts as full.
     *
     * @throws IllegalArgumentException if {@code width} is not wider than {@code current}
     * @throws IllegalStateException if the map has too few cells that the key does not use yet
     */
    public static Placement widen(String key, Placement current, int width, RoutingMap map, Map<String, Double> fill) {
        int have = current == null ? 0 : current.width();
        if (width <= have || width > Placement.MAX_WIDTH) {
            throw new IllegalArgumentException("a placement of width " + have + " can only grow, up to "
                    + Placement.MAX_WIDTH + "; " + width + " is not wider");
        }
        Set<String> used = new HashSet<>();
        if (current != null) {
            current.buckets().forEach(bucket -> map.cellFor(bucket).ifPresent(used::add));
        }
        Map<String, List<RangeAssignment>> ranges = map.rangesByCell();
        List<String> open = new ArrayList<>(placeable(map));
        open.removeAll(used);
        int needed = width - have;
        if (open.size() < needed) {
            throw new IllegalStateException("width " + width + " needs " + needed + " more active cells that the key"
                    + " does not use yet; the map has " + open.size() + ": add cells first");
        }
        SplittableRandom random = new SplittableRandom(Buckets.hash(key) + have);
        for (int i = open.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            open.set(j, open.set(i, open.get(j)));
        }
        List<String> candidates = new ArrayList<>(open.subList(0, Math.min(open.size(),
                Math.max(2 * needed, needed + 2))));
        List<String> shuffled = List.copyOf(candidates);
        candidates.sort(Comparator.<String>comparingInt(cell -> fullness(fill, cell)).thenComparingInt(shuffled::indexOf));
        List<Integer> added = new ArrayList<>();
        for (String cell : candidates.subList(0, needed)) {
            added.add(bucketIn(ranges.get(cell), key + '#' + (have + added.size())));
        }
        return current == null ? new Placement(added) : current.widenedBy(added);
    }

    /** The cells a placement may use: active cells that hold buckets, in map order. */
    public static List<String> placeable(RoutingMap map) {
        Map<String, List<RangeAssignment>> ranges = map.rangesByCell();
        List<String> cells = new ArrayList<>();
        for (CellRef cell : map.cells()) {
            if (cell.state() == CellState.ACTIVE && ranges.containsKey(cell.name())) {
                cells.add(cell.name());
            }
        }
        return cells;
    }

    /** Whole percent of fill, with cells that have no room (or did not say) after every cell that has. */
    private static int fullness(Map<String, Double> fill, String cell) {
        double ratio = fill.getOrDefault(cell, 1.0);
        return ratio >= 1.0 ? 1_000 : (int) Math.floor(ratio * 100);
    }

    /** One of the ranges' buckets, picked by the hash of {@code seed}. */
    static int bucketIn(List<RangeAssignment> ranges, String seed) {
        long total = ranges.stream().mapToLong(r -> r.to() - r.from()).sum();
        long pick = Math.floorMod(Buckets.hash(seed), total);
        for (RangeAssignment range : ranges) {
            long size = range.to() - range.from();
            if (pick < size) {
                return (int) (range.from() + pick);
            }
            pick -= size;
        }
        throw new IllegalStateException("unreachable: a pick below the ranges' total lies in one of them");
    }
}
