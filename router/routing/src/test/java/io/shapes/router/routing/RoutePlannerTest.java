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
 * The map: cell-1 [0, 4000), cell-2 [4000, 8000), cell-3 [8000, 16384).
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

    private static Route one(String cell, int bucket) {
        return new Route.OneCell(cell, bucket, 7);
    }

    private static Route scatter(List<String> cells, Merge merge) {
        return new Route.Scatter(cells, merge, 7);
    }

    static Stream<Arguments> golden() {
        return Stream.of(
                // tenant: everything of a tenant is in its cell; only the admin count scatters
                Arguments.of(Scheme.TENANT, new Put("acme", "circle", Optional.empty(), id(11974)), one("cell-3", 11974)),
                Arguments.of(Scheme.TENANT, new Get("globex", id(4250)), one("cell-2", 4250)),
                // a crafted id: globex's bucket on acme's path is no shape of acme's, and no cell is asked
                Arguments.of(Scheme.TENANT, new Get("acme", id(4250)),
                        new Route.NoSuchShape("tenant acme has no such shape", 7)),
                Arguments.of(Scheme.TENANT, new Count("initech", "circle"), one("cell-1", 3083)),
                Arguments.of(Scheme.TENANT, new CountAllTypes("acme"), one("cell-3", 11974)),
                Arguments.of(Scheme.TENANT, new GlobalCount("circle"), scatter(ALL, Merge.SUM_COUNTS)),
                // type: a type is in one cell; a tenant's count of all types visits the cells of the types
                Arguments.of(Scheme.TYPE, new Put("acme", "circle", Optional.of("k-1"), id(1572)), one("cell-1", 1572)),
                Arguments.of(Scheme.TYPE, new Get("acme", id(7896)), one("cell-2", 7896)),
                Arguments.of(Scheme.TYPE, new Get("acme", id(7897)), new Route.NoSuchShape("tenant acme has no such shape", 7)),
                Arguments.of(Scheme.TYPE, new Count("acme", "square"), one("cell-2", 7896)),
                Arguments.of(Scheme.TYPE, new CountAllTypes("acme"),
                        scatter(List.of("cell-2", "cell-1"), Merge.SUM_COUNTS_BY_TYPE)),
                Arguments.of(Scheme.TYPE, new GlobalCount("rhombus"), one("cell-2", 4278)),
                // id-range: a shape is in the cell of its id's bucket; every count scatters
                Arguments.of(Scheme.ID_RANGE, new Put("acme", "circle", Optional.empty(), id(9000)), one("cell-3", 9000)),
                Arguments.of(Scheme.ID_RANGE, new Put("acme", "circle", Optional.of("k-1"), id(5507)), one("cell-2", 5507)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", id(3999)), one("cell-1", 3999)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", id(4000)), one("cell-2", 4000)),
                Arguments.of(Scheme.ID_RANGE, new Get("acme", id(16383)), one("cell-3", 16383)),
                Arguments.of(Scheme.ID_RANGE, new Count("acme", "circle"), scatter(ALL, Merge.SUM_COUNTS)),
                Arguments.of(Scheme.ID_RANGE, new CountAllTypes("acme"), scatter(ALL, Merge.SUM_COUNTS_BY_TYPE)),
                Arguments.of(Scheme.ID_RANGE, new GlobalCount("circle"), scatter(ALL, Merge.SUM_COUNTS)));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("golden")
    void routesMatchTheGoldenTable(Scheme scheme, ShapeRequest request, Route expected) {
        assertEquals(expected, planner.plan(request, map(scheme)));
    }

    @Test
    void anEmptyMapRoutesNothing() {
        Route route = planner.plan(new Count("acme", "circle"), RoutingMap.empty(Scheme.TENANT));
        assertEquals(new Route.Unroutable("the routing map has no cells yet", 1), route);
    }

    @Test
    void aScatterVisitsEachCellOnceWhateverItsNumberOfRanges() {
        RoutingMap fragmented = new RoutingMap(9, Scheme.ID_RANGE, List.of(cell("cell-1"), cell("cell-2")),
                List.of(new RangeAssignment(0, 100, "cell-1"), new RangeAssignment(100, 200, "cell-2"),
                        new RangeAssignment(200, 16384, "cell-1")));
        assertEquals(new Route.Scatter(List.of("cell-1", "cell-2"), Merge.SUM_COUNTS, 9),
                planner.plan(new GlobalCount("circle"), fragmented));
    }

    @Test
    void routesArePrintable() {
        assertEquals("OneCell[cell=cell-3, bucket=11974, mapVersion=7]",
                planner.plan(new CountAllTypes("acme"), map(Scheme.TENANT)).toString());
    }
}
