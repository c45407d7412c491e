package io.shapes.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The placement choice over many maps: distinct cells, least filled first, widening only appends, diversity. */
class PlacementChoiceTest {
    /** {@code n} cells, each with {@code ranges} interleaved ranges of the bucket space (as after splits and moves). */
    static RoutingMap map(int n, int ranges) {
        List<CellRef> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cells.add(new CellRef("cell-" + i, URI.create("http://127.0.0.1:" + (9000 + i)), CellState.ACTIVE));
        }
        List<RangeAssignment> assignments = new ArrayList<>();
        int parts = n * ranges;
        for (int p = 0; p < parts; p++) {
            assignments.add(new RangeAssignment(16384 * p / parts, 16384 * (p + 1) / parts, "cell-" + (p % n + 1)));
        }
        return new RoutingMap(3, Scheme.TENANT, cells, assignments);
    }

    private static Map<String, Double> evenFill(int n) {
        Map<String, Double> fill = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            fill.put("cell-" + i, 0.2);
        }
        return fill;
    }

    private static Set<String> cellsOf(Placement placement, RoutingMap map) {
        Set<String> cells = new TreeSet<>();
        placement.buckets().forEach(bucket -> cells.add(map.cellFor(bucket).orElseThrow()));
        return cells;
    }

    @Property(tries = 300)
    void everyBucketLiesOnADistinctCell(@ForAll @IntRange(min = 1, max = 24) int n,
            @ForAll @IntRange(min = 1, max = 4) int ranges, @ForAll @IntRange(min = 1, max = 24) int width,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String key) {
        RoutingMap map = map(n, ranges);
        if (width > n) {
            assertThrows(IllegalStateException.class, () -> PlacementChoice.widen(key, null, width, map, evenFill(n)));
            return;
        }
        Placement placement = PlacementChoice.widen(key, null, width, map, evenFill(n));
        assertEquals(width, placement.width());
        assertEquals(width, cellsOf(placement, map).size(), "w buckets on w distinct cells: " + placement);
    }

    @Property(tries = 300)
    void wideningOnlyAppendsOnCellsTheKeyDoesNotUseYet(@ForAll @IntRange(min = 2, max = 16) int n,
            @ForAll @IntRange(min = 1, max = 15) int from, @ForAll @IntRange(min = 1, max = 15) int more,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String key) {
        RoutingMap map = map(n, 2);
        int narrow = Math.min(from, n - 1);
        int wide = Math.min(narrow + more, n);
        Placement before = PlacementChoice.widen(key, null, narrow, map, evenFill(n));
        Placement after = PlacementChoice.widen(key, before, wide, map, evenFill(n));
        assertEquals(before.buckets(), after.buckets().subList(0, narrow), "the old buckets stay, in order");
        assertEquals(wide, cellsOf(after, map).size(), "still distinct cells after widening");
        assertThrows(IllegalArgumentException.class, () -> PlacementChoice.widen(key, after, narrow, map, evenFill(n)),
                "narrowing is refused");
    }

    @Property(tries = 200)
    void aPreExistingKeyKeepsItsHashedBucket(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String key,
            @ForAll @IntRange(min = 2, max = 8) int width) {
        RoutingMap map = map(8, 1);
        Placement old = Placement.defaultFor(key);
        Placement wider = PlacementChoice.widen(key, old, width, map, evenFill(8));
        assertEquals(old.bucket(0), wider.bucket(0), "its shapes stay where they are");
    }

    @Property(tries = 200)
    void theLeastFilledCellsWinAmongTheCandidates(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String key,
            @ForAll @DoubleRange(min = 0, max = 0.98) double low) {
        // Four cells: the candidate set (at least needed + 2 = 3 of them) always holds a cell other than the full one.
        RoutingMap map = map(4, 1);
        Map<String, Double> fill = Map.of("cell-1", 0.99, "cell-2", 1.0, "cell-3", low, "cell-4", 0.99);
        Placement one = PlacementChoice.widen(key, null, 1, map, fill);
        assertTrue(!cellsOf(one, map).contains("cell-2"), "a full cell is never chosen while others have room");
        Placement two = PlacementChoice.widen(key, null, 2, map, fill);
        assertTrue(!cellsOf(two, map).contains("cell-2"), "a full cell is never chosen while others have room");
    }

    @Test
    void aCellThatDidNotSayItsFillCountsAsFull() {
        RoutingMap map = map(3, 1);
        Placement placement = PlacementChoice.widen("acme", null, 2, map, Map.of("cell-1", 0.5, "cell-3", 0.9));
        assertEquals(Set.of("cell-1", "cell-3"), cellsOf(placement, map));
    }

    @Test
    void drainingCellsAreNeverChosen() {
        RoutingMap even = map(3, 1);
        List<CellRef> cells = new ArrayList<>(even.cells());
        cells.set(1, new CellRef("cell-2", cells.get(1).url(), CellState.DRAINING));
        RoutingMap map = new RoutingMap(4, Scheme.TENANT, cells, even.ranges());
        for (int i = 0; i < 50; i++) {
            assertTrue(!cellsOf(PlacementChoice.widen("t-" + i, null, 2, map, evenFill(3)), map).contains("cell-2"));
        }
        assertEquals(List.of("cell-1", "cell-3"), PlacementChoice.placeable(map),
                "a new tenant's width is capped by the active cells, not by every cell that holds buckets");
    }

    /**
     * Shuffle sharding's promise: with even fills, a given tenant shares all of its cells with about 1 / C(n, k) of
     * the others.
     */
    @ParameterizedTest(name = "n = 8, k = {0}: 1 / {1}")
    @CsvSource({"1, 8", "2, 28", "3, 56"})
    void twoTenantsShareAllTheirCellsWithTheShuffleShardingRate(int k, int combinations) {
        RoutingMap map = map(8, 1);
        int tenants = 20_000;
        Map<Set<String>, Integer> byCells = new HashMap<>();
        for (int i = 0; i < tenants; i++) {
            byCells.merge(cellsOf(PlacementChoice.widen("tenant-" + i, null, k, map, evenFill(8)), map), 1,
                    Integer::sum);
        }
        // The mean over tenants of the share of the others that hold exactly its cells.
        double sharing = 0;
        for (int count : byCells.values()) {
            sharing += (double) count * (count - 1) / (tenants - 1);
        }
        sharing /= tenants;
        double predicted = 1.0 / combinations;
        assertTrue(Math.abs(sharing - predicted) < 0.1 * predicted, "measured " + sharing + ", predicted " + predicted);
        assertEquals(combinations, new HashSet<>(byCells.keySet()).size(), "every combination of cells is used");
    }
}
