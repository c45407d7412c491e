package io.shapes.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.Scheme;

class RoutingMapTest {
    private static final CellRef ONE = new CellRef("cell-1", URI.create("http://127.0.0.1:9001"), CellState.ACTIVE);
    private static final CellRef TWO = new CellRef("cell-2", URI.create("http://127.0.0.1:9002"), CellState.DRAINING);

    private static RoutingMap twoCells() {
        return new RoutingMap(3, Scheme.ID_RANGE, List.of(ONE, TWO),
                List.of(new RangeAssignment(8192, 16384, "cell-2"), new RangeAssignment(0, 8192, "cell-1")));
    }

    @Test
    void findsTheCellOfEveryBucket() {
        RoutingMap map = twoCells();
        assertEquals(Optional.of("cell-1"), map.cellFor(0));
        assertEquals(Optional.of("cell-1"), map.cellFor(8191));
        assertEquals(Optional.of("cell-2"), map.cellFor(8192));
        assertEquals(Optional.of("cell-2"), map.cellFor(16383));
        assertEquals(Optional.empty(), RoutingMap.empty(Scheme.TENANT).cellFor(5));
    }

    @Test
    void jsonRoundTripKeepsTheMap() throws Exception {
        RoutingMap map = twoCells();
        String json = Json.write(map);
        assertTrue(json.contains("\"scheme\":\"id-range\""), json);
        assertTrue(json.contains("\"state\":\"draining\""), json);
        assertEquals(map, Json.read(json, RoutingMap.class));
    }

    @Test
    void gapsAreRejectedNamingTheRange() {
        InvalidMapException e = assertThrows(InvalidMapException.class, () -> new RoutingMap(2, Scheme.TENANT,
                List.of(ONE), List.of(new RangeAssignment(0, 100, "cell-1"), new RangeAssignment(200, 16384, "cell-1"))));
        assertTrue(e.getMessage().contains("buckets 100-200 belong to no range"), e.getMessage());
    }

    @Test
    void overlapsAreRejectedNamingTheRange() {
        InvalidMapException e = assertThrows(InvalidMapException.class, () -> new RoutingMap(2, Scheme.TENANT,
                List.of(ONE), List.of(new RangeAssignment(0, 9000, "cell-1"), new RangeAssignment(8000, 16384, "cell-1"))));
        assertTrue(e.getMessage().contains("range 8000-16384 overlaps"), e.getMessage());
    }

    @Test
    void shortCoverAndUnknownCellsAreRejected() {
        InvalidMapException shortCover = assertThrows(InvalidMapException.class, () -> new RoutingMap(2,
                Scheme.TENANT, List.of(ONE), List.of(new RangeAssignment(0, 16000, "cell-1"))));
        assertTrue(shortCover.getMessage().contains("buckets 16000-16384 belong to no range"), shortCover.getMessage());
        InvalidMapException unknown = assertThrows(InvalidMapException.class, () -> new RoutingMap(2,
                Scheme.TENANT, List.of(ONE), List.of(new RangeAssignment(0, 16384, "cell-9"))));
        assertTrue(unknown.getMessage().contains("names unknown cell 'cell-9'"), unknown.getMessage());
    }

    @Test
    void duplicateCellsAndBadVersionsAreRejected() {
        assertThrows(InvalidMapException.class, () -> new RoutingMap(2, Scheme.TENANT, List.of(ONE, ONE), List.of()));
        assertThrows(InvalidMapException.class, () -> new RoutingMap(0, Scheme.TENANT, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RangeAssignment(5, 5, "cell-1"));
        assertThrows(IllegalArgumentException.class, () -> new RangeAssignment(0, 16385, "cell-1"));
    }

    @Test
    void malformedJsonIsRejected() {
        assertThrows(Exception.class, () -> Json.read("{\"version\":1,\"scheme\":\"ring\",\"cells\":[],\"ranges\":[]}",
                RoutingMap.class));
        assertThrows(Exception.class, () -> Json.read("{\"version\":1}", RoutingMap.class));
    }

    @Test
    void reassignCutsTheRangesItOverlapsAndJoinsNeighboursOfOneCell() {
        RoutingMap map = twoCells();
        RoutingMap split = map.reassign(new BucketRange(4096, 8192), "cell-2");
        assertEquals(4, split.version());
        assertEquals(List.of(new RangeAssignment(0, 4096, "cell-1"), new RangeAssignment(4096, 16384, "cell-2")),
                split.ranges(), "the moved range joins cell-2's neighbouring range");
        RoutingMap middle = map.reassign(new BucketRange(100, 200), "cell-2");
        assertEquals(List.of(new RangeAssignment(0, 100, "cell-1"), new RangeAssignment(100, 200, "cell-2"),
                new RangeAssignment(200, 8192, "cell-1"), new RangeAssignment(8192, 16384, "cell-2")), middle.ranges());
        RoutingMap across = middle.reassign(new BucketRange(150, 9000), "cell-1");
        assertEquals(List.of(new RangeAssignment(0, 100, "cell-1"), new RangeAssignment(100, 150, "cell-2"),
                new RangeAssignment(150, 9000, "cell-1"), new RangeAssignment(9000, 16384, "cell-2")), across.ranges(),
                "a range across several assignments");
        RoutingMap all = map.reassign(new BucketRange(0, 16384), "cell-1");
        assertEquals(List.of(new RangeAssignment(0, 16384, "cell-1")), all.ranges(), "a merge of everything");
        assertThrows(InvalidMapException.class, () -> map.reassign(new BucketRange(0, 1), "cell-9"));
    }
}
