package io.shapes.router.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;
import io.shapes.core.ShapeTypes;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.router.routing.Route.Merge;
import io.shapes.router.routing.ShapeRequest.Count;
import io.shapes.router.routing.ShapeRequest.CountAllTypes;
import io.shapes.router.routing.ShapeRequest.Get;
import io.shapes.router.routing.ShapeRequest.GlobalCount;
import io.shapes.router.routing.ShapeRequest.Put;

/**
 * Golden routes: {request, map, expected route}. Buckets are literal (XXH64 top 14 bits): acme 11974, globex 4250,
 * initech 3083, triangle 7840, circle 1572, rhombus 4278, square 7896, hash("acme\nk-1") 5507.
 * The map: cell-1 [0, 4000), cell-2 [4000, 8000), cell-3 [8000, 16384). Widths 1, 2 and 8 under {@code tenant}.
 */
class RoutePlannerTest {
    private static final List<String> ALL = List.of("cell-1", "cell-2", "cell-3");
    private final RoutePlanner planner = new RoutePlanner(ShapeTypes.DEFAULT);

    static RoutingMap map(Scheme scheme) {
        return new RoutingMap(7, scheme,
                List.of(cell("cell-1"), cell("cell-2"), cell("cell-3")),
                List.of(new RangeAssignment(0, 4000, "cell-1"), new RangeAssignment(4000, 8000, "cell-2"),
                        new RangeAssignment(8000, 16384, "cell-3")));
    }

    private static CellRef cell(String name) {
        return new CellRef(name, URI.create("http://127.0.0.1:900" + name.charAt(5)), CellState.ACTIVE);
    }

    private static ShapeId id(int bucket) {
        return ShapeId.of(bucket, 0xabcdef);
    }

    private static Route.OneCell one(String cell, int bucket) {
        return new Route.OneCell(cell, bucket, 7);
    }

    private static Route scatter(List<String> cells, Merge merge) {
        return Route.Scatter.over(cells, merge, 7);
    }

    /** Width 1 as before placements: acme's hashed bucket. */
    private static final Placement ACME = Placement.defaultFor("acme");
    private static final Placement GLOBEX = Placement.defaultFor("globex");
    private static final Placement INITECH = Placement.defaultFor("initech");
    /** Width 2: cell-3 and cell-1. */
    private static final Placement TWO = new Placement(List.of(9000, 100));
    /** Width 8 on the eight-cell map: one bucket in each cell, listed from cell-3 on. */
    private static final Placement EIGHT = new Placement(List.of(4200, 6200, 8300, 10300, 12400, 14400, 100, 2100));

    static Stream<Arguments> golden() {
        return Stream.of(
                // tenant, width 1: everything of a tenant is in its cell; only the admin count scatters
                Arguments.of(Scheme.TENANT, new Put("acme", "circle", Optional.empty(), ACME, id(11974)), one("cell-3", 11974)),
                Arguments.of(Scheme.TENANT, new Get("globex", GLOBEX, id(4250)), one("cell-2", 4250)),
                // a crafted id: globex's bucket on acme's path is no shape of acme's, and no cell is asked
                Arguments.of(Scheme.TENANT, new Get("acme", ACME, id(4250)),
                        new Route.NoSuchShape("tenant acme has no such shape", 7)),
                Arguments.of(Scheme.TENANT, new Count("initech", INITECH, "circle"), targets(Merge.SUM_COUNTS,
                        new Route.Target("cell-1", List.of(3083)))),
                Arguments.of(Scheme.TENANT, new CountAllTypes("acme", ACME), targets(Merge.SUM_COUNTS_BY_TYPE,
                        new Route.Target("cell-3", List.of(11974)))),
                Arguments.of(Scheme.TENANT, new GlobalCount("circle"), scatter(ALL, Merge.SUM_COUNTS)),
                // tenant, width 2: an unkeyed put may fail over to the other cell; a keyed one may not
                Arguments.of(Scheme.TENANT, new Put("acme", "circle", Optional.empty(), TWO, id(100)),
                        new Route.AnyOf(List.of(one("cell-1", 100), one("cell-3", 9000)), 7)),
                Arguments.of(Scheme.TENANT, new Put("acme", "circle", Optional.empty(), TWO, id(9000)),
                        new Route.AnyOf(List.of(one("cell-3", 9000), one("cell-1", 100)), 7)),
                Arguments.of(Scheme.TENANT, new Put("acme", "circle", Optional.of("k-1"), TWO, id(100)), one("cell-1", 100)),
                Arguments.of(Scheme.TENANT, new Get("acme", TWO, id(9000)), one("cell-3", 9000)),
                Arguments.of(Scheme.TENANT, new Get("acme", TWO, id(11974)),
                        new Route.NoSuchShape("tenant acme has no such shape", 7)),
                Arguments.of(Scheme.TENANT, new Count("acme", TWO, "circle"), targets(Merge.SUM_COUNTS,
                        new Route.Target("cell-3", List.of(9000)), new Route.Target("cell-1", List.of(100)))),
                // type: a type is in one cell; a tenant's count of all types visits the cells of the types
                // a keyed put first asks the cells of the tenant's other types whether its key is taken there
                Arguments.of(Scheme.TYPE, new Put("acme", "circle", Optional.of("k-1"), ACME, id(1572)),
                        new Route.KeyChecked(one("cell-1", 1572), List.of("cell-2"), 7)),
                Arguments.of(Scheme.TYPE, new Put("acme", "circle", Optional.empty(), ACME, id(1572)), one("cell-1", 1572)),
                Arguments.of(Scheme.TYPE, new Get("acme", ACME, id(7896)), one("cell-2", 7896)),
                Arguments.of(Scheme.TYPE, new Get("acme", ACME, id(7897)), new Route.NoSuchShape("tenant acme has no such shape", 7)),
                Arguments.of(Scheme.TYPE, new Count("acme", ACME, "square"), one("cell-2", 7896)),
                Arguments.of(Scheme.TYPE, new CountAllTypes("acme", ACME),
                        scatter(List.of("cell-2", "cell-1"), Merge.SUM_COUNTS_BY_TYPE)),
                Arguments.of(Scheme.TYPE, new GlobalCount("rhombus"), one("cell-2", 4278)),
                // id-range: a shape is in the cell of its id's bucket; every count scatters
                Arguments.of(Scheme.ID_RANGE, new Put("acme", "circle", Optional.empty(), ACME, id(9000)), one("cell-3", 9000)),
                Arguments.of(Scheme.ID_RANGE, new Put("acme", "circle", Optional.of("k-1"), ACME, id(5507)), one("cell-2", 5507)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", ACME, id(3999)), one("cell-1", 3999)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", ACME, id(4000)), one("cell-2", 4000)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", ACME, id(16383)), one("cell-3", 16383)),
                Arguments.of(Scheme.ID_RANGE, new Count("acme", ACME, "circle"), scatter(ALL, Merge.SUM_COUNTS)),
                Arguments.of(Scheme.ID_RANGE, new CountAllTypes("acme", ACME), scatter(ALL, Merge.SUM_COUNTS_BY_TYPE)),
                Arguments.of(Scheme.ID_RANGE, new GlobalCount("circle"), scatter(ALL, Merge.SUM_COUNTS)));
    }

    /** Width 8 on eight cells of 2,048 buckets each: cell-N holds [2048 (N - 1), 2048 N). */
    static Stream<Arguments> wide() {
        List<Route.OneCell> fromCell5 = List.of(one8("cell-5", 8300), one8("cell-6", 10300), one8("cell-7", 12400),
                one8("cell-8", 14400), one8("cell-1", 100), one8("cell-2", 2100), one8("cell-3", 4200),
                one8("cell-4", 6200));
        List<Route.Target> all = List.of(new Route.Target("cell-3", List.of(4200)),
                new Route.Target("cell-4", List.of(6200)), new Route.Target("cell-5", List.of(8300)),
                new Route.Target("cell-6", List.of(10300)), new Route.Target("cell-7", List.of(12400)),
                new Route.Target("cell-8", List.of(14400)), new Route.Target("cell-1", List.of(100)),
                new Route.Target("cell-2", List.of(2100)));
        return Stream.of(
                Arguments.of(new Put("whale", "circle", Optional.empty(), EIGHT, id(8300)), new Route.AnyOf(fromCell5, 9)),
                Arguments.of(new Put("whale", "circle", Optional.of("k-1"), EIGHT, id(12400)), one8("cell-7", 12400)),
                Arguments.of(new Get("whale", EIGHT, id(100)), one8("cell-1", 100)),
                Arguments.of(new Get("whale", EIGHT, id(101)), new Route.NoSuchShape("tenant whale has no such shape", 9)),
                Arguments.of(new Count("whale", EIGHT, "circle"), new Route.Scatter(all, Merge.SUM_COUNTS, 9)),
                Arguments.of(new CountAllTypes("whale", EIGHT), new Route.Scatter(all, Merge.SUM_COUNTS_BY_TYPE, 9)));
    }

    @ParameterizedTest(name = "width 8: {0} -> {1}")
    @MethodSource("wide")
    void wideRoutesMatchTheGoldenTable(ShapeRequest request, Route expected) {
        assertEquals(expected, planner.plan(request, eightCells()));
    }

    @Test
    void twoBucketsOnOneCellAreOneTargetAskedForBoth() {
        RoutingMap merged = new RoutingMap(8, Scheme.TENANT, List.of(cell("cell-1"), cell("cell-3")),
                List.of(new RangeAssignment(0, 8000, "cell-1"), new RangeAssignment(8000, 16384, "cell-3")));
        Placement both = new Placement(List.of(100, 4100, 9000));
        assertEquals(new Route.Scatter(List.of(new Route.Target("cell-1", List.of(100, 4100)),
                new Route.Target("cell-3", List.of(9000))), Merge.SUM_COUNTS, 8),
                planner.plan(new Count("acme", both, "circle"), merged));
        assertEquals(new Route.AnyOf(List.of(new Route.OneCell("cell-1", 4100, 8), new Route.OneCell("cell-3", 9000, 8)), 8),
                planner.plan(new Put("acme", "circle", Optional.empty(), both, id(4100)), merged),
                "a put fails over to another cell, not to another bucket of the same cell");
    }

    private static RoutingMap eightCells() {
        List<CellRef> cells = new java.util.ArrayList<>();
        List<RangeAssignment> ranges = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            cells.add(cell("cell-" + i));
            ranges.add(new RangeAssignment(2048 * (i - 1), 2048 * i, "cell-" + i));
        }
        return new RoutingMap(9, Scheme.TENANT, cells, ranges);
    }

    private static Route.OneCell one8(String cell, int bucket) {
        return new Route.OneCell(cell, bucket, 9);
    }

    private static Route targets(Merge merge, Route.Target... targets) {
        return new Route.Scatter(List.of(targets), merge, 7);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("golden")
    void routesMatchTheGoldenTable(Scheme scheme, ShapeRequest request, Route expected) {
        assertEquals(expected, planner.plan(request, map(scheme)));
    }

    @Test
    void anEmptyMapRoutesNothing() {
        Route route = planner.plan(new Count("acme", ACME, "circle"), RoutingMap.empty(Scheme.TENANT));
        assertEquals(new Route.Unroutable("the routing map has no cells yet", 1), route);
    }

    @Test
    void aScatterVisitsEachCellOnceWhateverItsNumberOfRanges() {
        RoutingMap fragmented = new RoutingMap(9, Scheme.ID_RANGE, List.of(cell("cell-1"), cell("cell-2")),
                List.of(new RangeAssignment(0, 100, "cell-1"), new RangeAssignment(100, 200, "cell-2"),
                        new RangeAssignment(200, 16384, "cell-1")));
        assertEquals(Route.Scatter.over(List.of("cell-1", "cell-2"), Merge.SUM_COUNTS, 9),
                planner.plan(new GlobalCount("circle"), fragmented));
    }

    @Test
    void routesArePrintable() {
        assertEquals("OneCell[cell=cell-3, bucket=11974, mapVersion=7]",
                planner.plan(new Get("acme", ACME, id(11974)), map(Scheme.TENANT)).toString());
        assertEquals("Scatter[targets=[Target[cell=cell-3, buckets=[9000]], Target[cell=cell-1, buckets=[100]]],"
                + " merge=SUM_COUNTS, mapVersion=7]", planner.plan(new Count("acme", TWO, "circle"), map(Scheme.TENANT))
                        .toString());
    }
}
