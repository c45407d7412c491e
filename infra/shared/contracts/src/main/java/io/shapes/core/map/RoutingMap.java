package io.shapes.core.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.Scheme;

/**
 * A version of the routing map: the scheme, the cells, and an explicit table of bucket ranges to cells.
 *
 * <p>Invariants, checked on construction: versions are positive; cell names are unique; the ranges, in order,
 * cover {@code [0, 16384)} exactly once; every range names a known cell. A map with no cells and no ranges
 * is allowed as version's starting point ("empty map", before the first cell is added).
 */
public record RoutingMap(long version, Scheme scheme, List<CellRef> cells, List<RangeAssignment> ranges) {

    public RoutingMap {
        if (version < 1) {
            throw new InvalidMapException("map version " + version + " must be >= 1");
        }
        if (scheme == null) {
            throw new InvalidMapException("map version " + version + " has no scheme");
        }
        cells = List.copyOf(cells);
        ranges = ranges.stream().sorted(Comparator.comparingInt(RangeAssignment::from)).toList();
        validate(version, cells, ranges);
    }

    /** The map with no cells, as written by {@code init}. */
    public static RoutingMap empty(Scheme scheme) {
        return new RoutingMap(1, scheme, List.of(), List.of());
    }

    @JsonIgnore
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The name of the cell that owns {@code bucket}; empty only for an empty map. */
    public Optional<String> cellFor(int bucket) {
        Buckets.check(bucket);
        int low = 0;
        int high = ranges.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            RangeAssignment range = ranges.get(mid);
            if (bucket < range.from()) {
                high = mid - 1;
            } else if (bucket >= range.to()) {
                low = mid + 1;
            } else {
                return Optional.of(range.cell());
            }
        }
        return Optional.empty();
    }

    public Optional<CellRef> cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The ranges of each cell, for cells that hold at least one range, in map order. */
    @JsonIgnore
    public Map<String, List<RangeAssignment>> rangesByCell() {
        return ranges.stream().collect(Collectors.groupingBy(RangeAssignment::cell, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The next version of this map with other cells and ranges. */
    public RoutingMap next(List<CellRef> newCells, List<RangeAssignment> newRanges) {
        return new RoutingMap(version + 1, scheme, newCells, newRanges);
    }

    /**
     * The next version of this map with {@code range} on {@code cell}: the ranges it overlaps are cut at its edges,
     * and neighbouring ranges of one cell are joined. The cell must be in the map.
     */
    public RoutingMap reassign(BucketRange range, String cell) {
        if (cell(cell).isEmpty()) {
            throw new InvalidMapException("map version " + version + " has no cell '" + cell + "'");
        }
        List<RangeAssignment> cut = new ArrayList<>();
        for (RangeAssignment assignment : ranges) {
            if (!assignment.range().overlaps(range)) {
                cut.add(assignment);
                continue;
            }
            if (assignment.from() < range.from()) {
                cut.add(new RangeAssignment(assignment.from(), range.from(), assignment.cell()));
            }
            if (range.to() < assignment.to()) {
                cut.add(new RangeAssignment(range.to(), assignment.to(), assignment.cell()));
            }
        }
        cut.add(new RangeAssignment(range, cell));
        cut.sort(Comparator.comparingInt(RangeAssignment::from));
        List<RangeAssignment> joined = new ArrayList<>();
        for (RangeAssignment next : cut) {
            RangeAssignment last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && last.cell().equals(next.cell()) && last.to() == next.from()) {
                joined.set(joined.size() - 1, new RangeAssignment(last.from(), next.to(), next.cell()));
            } else {
                joined.add(next);
            }
        }
        return next(cells, joined);
    }

    private static void validate(long version, List<CellRef> cells, List<RangeAssignment> ranges) {
        Map<String, CellRef> byName = cells.stream()
                .collect(Collectors.toMap(CellRef::name, Function.identity(), (a, b) -> {
                    throw new InvalidMapException("map version " + version + " names cell '" + a.name() + "' twice");
                }));
        if (ranges.isEmpty()) {
            return;
        }
        int expectedFrom = 0;
        List<String> problems = new ArrayList<>();
        for (RangeAssignment range : ranges) {
            if (range.from() < expectedFrom) {
                problems.add("range " + range.range() + " overlaps the range before it");
            } else if (range.from() > expectedFrom) {
                problems.add("buckets " + expectedFrom + "-" + range.from() + " belong to no range");
            }
            if (!byName.containsKey(range.cell())) {
                problems.add("range " + range.range() + " names unknown cell '" + range.cell() + "'");
            }
            expectedFrom = Math.max(expectedFrom, range.to());
        }
        if (expectedFrom != Buckets.COUNT) {
            problems.add("buckets " + expectedFrom + "-" + Buckets.COUNT + " belong to no range");
        }
        if (!problems.isEmpty()) {
            throw new InvalidMapException("map version " + version + " is invalid: " + String.join("; ", problems));
        }
    }
}
