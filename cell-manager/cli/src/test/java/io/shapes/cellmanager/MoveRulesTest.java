package io.shapes.cellmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.shapes.core.BucketRange;
import io.shapes.core.Scheme;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

class MoveRulesTest {
    /** cell-1 holds 0-4096 and 12288-16384, cell-2 4096-12288, cell-3 nothing. */
    private static final RoutingMap MAP = new RoutingMap(4, Scheme.TENANT, List.of(cell("cell-1"), cell("cell-2"),
            cell("cell-3")), List.of(new RangeAssignment(0, 4096, "cell-1"), new RangeAssignment(4096, 12288, "cell-2"),
                    new RangeAssignment(12288, 16384, "cell-1")));

    private static CellRef cell(String name) {
        return new CellRef(name, URI.create("http://" + name + ":8081"), CellState.ACTIVE);
    }

    private static CellInfo info(String name, long capacity, long shapes, List<RangeOwnership> ranges) {
        return new CellInfo(name, Scheme.TENANT, capacity, shapes, (double) shapes / capacity, ranges, 4);
    }

    private static final CellInfo EMPTY = info("cell-3", 1_000, 0, List.of());

    private static void refused(String mentions, Executable rule) {
        IllegalStateException e = assertThrows(IllegalStateException.class, rule);
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
    }

    @Test
    void aSplitMovesTheUpperHalfOfTheSourcesLargestRange() {
        assertEquals(new BucketRange(8192, 12288), MoveRules.splitRange(MAP, "cell-2", "cell-3",
                info("cell-2", 1_000, 500, List.of()), EMPTY));
        RoutingMap tied = new RoutingMap(2, Scheme.TENANT, List.of(cell("cell-1"), cell("cell-3")),
                List.of(new RangeAssignment(0, 16384, "cell-1")));
        assertEquals(new BucketRange(8192, 16384), MoveRules.splitRange(tied, "cell-1", "cell-3",
                info("cell-1", 1_000, 500, List.of()), EMPTY));
    }

    @Test
    void aSplitIsRefusedWithAReasonWhateverIsWrong() {
        CellInfo source = info("cell-1", 1_000, 10, List.of());
        refused("no cell ghost", () -> MoveRules.splitRange(MAP, "ghost", "cell-3", source, EMPTY));
        refused("cell add", () -> MoveRules.splitRange(MAP, "cell-1", "ghost", source, EMPTY));
        refused("into itself", () -> MoveRules.splitRange(MAP, "cell-3", "cell-3", EMPTY, EMPTY));
        refused("already holds buckets", () -> MoveRules.splitRange(MAP, "cell-1", "cell-2", source, EMPTY));
        refused("not empty (3 shapes)", () -> MoveRules.splitRange(MAP, "cell-1", "cell-3", source,
                info("cell-3", 1_000, 3, List.of())));
        refused("not empty", () -> MoveRules.splitRange(MAP, "cell-1", "cell-3", source, info("cell-3", 1_000, 0,
                List.of(new RangeOwnership(0, 5, OwnershipState.INCOMING)))));
        refused("cells are identical", () -> MoveRules.splitRange(MAP, "cell-1", "cell-3", source,
                info("cell-3", 2_000, 0, List.of())));
        RoutingMap withSpare = new RoutingMap(5, Scheme.TENANT, List.of(cell("cell-1"), cell("cell-3"), cell("cell-4"),
                cell("cell-5")), List.of(new RangeAssignment(0, 16383, "cell-1"),
                        new RangeAssignment(16383, 16384, "cell-4")));
        refused("holds no buckets", () -> MoveRules.splitRange(withSpare, "cell-3", "cell-5", EMPTY, EMPTY));
        refused("one bucket", () -> MoveRules.splitRange(withSpare, "cell-4", "cell-3", info("cell-4", 1_000, 1,
                List.of()), EMPTY));
    }

    @Test
    void aMoveNeedsTheWholeRangeOnTheSourceAnotherCellOfTheMapAndNoStrayRows() {
        MoveRules.checkMove(MAP, "cell-1", "cell-3", new BucketRange(0, 4096));
        MoveRules.checkMove(MAP, "cell-1", "cell-2", new BucketRange(12288, 16384));
        refused("on cell-1 already", () -> MoveRules.checkMove(MAP, "cell-1", "cell-1", new BucketRange(0, 10)));
        refused("no cell ghost", () -> MoveRules.checkMove(MAP, "cell-1", "ghost", new BucketRange(0, 10)));
        refused("4096-12288 is on cell-2", () -> MoveRules.checkMove(MAP, "cell-1", "cell-3",
                new BucketRange(4000, 4100)));
        MoveRules.checkNoStrayRows("cell-3", new BucketRange(0, 10), 0);
        refused("already holds 7 rows", () -> MoveRules.checkNoStrayRows("cell-3", new BucketRange(0, 10), 7));
    }
}
