package io.shapes.router.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.shapes.core.Buckets;
import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeTypes;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * The one place that decides routes (DESIGN.md, the scheme table and "Placement width"): a pure function of the
 * request, the map and the deployment's shape types. Under {@code tenant} a tenant's shapes live in the w buckets of
 * its placement.
 *
 * <table>
 * <tr><th>scheme</th><th>put</th><th>getShape (an id in a bucket the tenant never gets: no cell)</th><th>count(tenant, type), count(tenant)</th><th>count(type), admin</th></tr>
 * <tr><td>tenant</td><td>any of w cells (unkeyed), 1 cell (keyed)</td><td>1 cell</td><td>the ≤ w cells of the placement</td><td>all cells</td></tr>
 * <tr><td>type</td><td>1 cell (keyed: after asking the cells of the other types about the key)</td><td>1 cell</td><td>1 cell; count(tenant): the cells of the types</td><td>1 cell</td></tr>
 * <tr><td>id-range</td><td>1 cell</td><td>1 cell</td><td>all cells</td><td>all cells</td></tr>
 * </table>
 */
public final class RoutePlanner {
    private final ShapeTypes types;

    public RoutePlanner(ShapeTypes types) {
        this.types = types;
    }

    public Route plan(ShapeRequest request, RoutingMap map) {
        if (map.isEmpty()) {
            return new Route.Unroutable("the routing map has no cells yet", map.version());
        }
        Scheme scheme = map.scheme();
        if (request instanceof ShapeRequest.Put put) {
            return put(put, map);
        }
        if (request instanceof ShapeRequest.Get get) {
            return couldHold(scheme, get) ? one(get.id().bucket(), map)
                    : new Route.NoSuchShape("tenant " + get.tenant() + " has no such shape", map.version());
        }
        if (request instanceof ShapeRequest.Count count) {
            return switch (scheme) {
                case TENANT -> placed(count.placement(), map, Route.Merge.SUM_COUNTS);
                case TYPE -> one(Buckets.of(count.type()), map);
                case ID_RANGE -> everyCell(map, Route.Merge.SUM_COUNTS);
            };
        }
        if (request instanceof ShapeRequest.CountAllTypes all) {
            return switch (scheme) {
                case TENANT -> placed(all.placement(), map, Route.Merge.SUM_COUNTS_BY_TYPE);
                case TYPE -> cellsOfTypes(map);
                case ID_RANGE -> everyCell(map, Route.Merge.SUM_COUNTS_BY_TYPE);
            };
        }
        ShapeRequest.GlobalCount global = (ShapeRequest.GlobalCount) request;
        return scheme == Scheme.TYPE ? one(Buckets.of(global.type()), map) : everyCell(map, Route.Merge.SUM_COUNTS);
    }

    /**
     * The id's bucket first; then, for an unkeyed put under {@code tenant}, the placement's other buckets in placement
     * order after it, one per cell. A keyed put has its key's bucket only: it must never be written twice. Under
     * {@code type} a keyed put first asks the cells of the other types about its key.
     */
    private Route put(ShapeRequest.Put put, RoutingMap map) {
        Route route = placedPut(put, map);
        if (map.scheme() != Scheme.TYPE || put.idempotencyKey().isEmpty() || !(route instanceof Route.OneCell one)) {
            return route;
        }
        Set<String> others = new LinkedHashSet<>();
        types.allowed().forEach(type -> map.cellFor(Buckets.of(type)).ifPresent(others::add));
        others.remove(one.cell());
        return others.isEmpty() ? one : new Route.KeyChecked(one, List.copyOf(others), map.version());
    }

    private static Route placedPut(ShapeRequest.Put put, RoutingMap map) {
        int first = put.id().bucket();
        List<Integer> order = new ArrayList<>(List.of(first));
        List<Integer> buckets = put.placement().buckets();
        int at = buckets.indexOf(first);
        if (map.scheme() == Scheme.TENANT && put.idempotencyKey().isEmpty() && at >= 0) {
            for (int i = 1; i < buckets.size(); i++) {
                order.add(buckets.get((at + i) % buckets.size()));
            }
        }
        Map<String, Route.OneCell> choices = new LinkedHashMap<>();
        for (int bucket : order) {
            map.cellFor(bucket).ifPresent(cell -> choices.putIfAbsent(cell, new Route.OneCell(cell, bucket,
                    map.version())));
        }
        if (choices.isEmpty()) {
            return new Route.Unroutable("no cell holds bucket " + first, map.version());
        }
        return choices.size() == 1 ? choices.values().iterator().next()
                : new Route.AnyOf(List.copyOf(choices.values()), map.version());
    }

    /** Whether the scheme could have put a shape of this tenant into the id's bucket. */
    private boolean couldHold(Scheme scheme, ShapeRequest.Get get) {
        int bucket = get.id().bucket();
        return switch (scheme) {
            case TENANT -> get.placement().holds(bucket);
            case TYPE -> types.allowed().stream().anyMatch(type -> Buckets.of(type) == bucket);
            case ID_RANGE -> true;
        };
    }

    /** The placement's buckets grouped by the cell that holds them, each cell asked for its own. */
    private static Route placed(Placement placement, RoutingMap map, Route.Merge merge) {
        Map<String, List<Integer>> byCell = new LinkedHashMap<>();
        for (int bucket : placement.buckets()) {
            Optional<String> cell = map.cellFor(bucket);
            if (cell.isEmpty()) {
                return new Route.Unroutable("no cell holds bucket " + bucket, map.version());
            }
            byCell.computeIfAbsent(cell.get(), c -> new ArrayList<>()).add(bucket);
        }
        List<Route.Target> targets = new ArrayList<>();
        byCell.forEach((cell, buckets) -> targets.add(new Route.Target(cell, buckets)));
        return new Route.Scatter(targets, merge, map.version());
    }

    private static Route one(int bucket, RoutingMap map) {
        Optional<String> cell = map.cellFor(bucket);
        return cell.<Route>map(name -> new Route.OneCell(name, bucket, map.version()))
                .orElseGet(() -> new Route.Unroutable("no cell holds bucket " + bucket, map.version()));
    }

    private static Route everyCell(RoutingMap map, Route.Merge merge) {
        Set<String> cells = new LinkedHashSet<>();
        for (RangeAssignment range : map.ranges()) {
            cells.add(range.cell());
        }
        return Route.Scatter.over(new ArrayList<>(cells), merge, map.version());
    }

    private Route cellsOfTypes(RoutingMap map) {
        Set<String> cells = new LinkedHashSet<>();
        for (String type : types.allowed()) {
            map.cellFor(Buckets.of(type)).ifPresent(cells::add);
        }
        return Route.Scatter.over(new ArrayList<>(cells), Route.Merge.SUM_COUNTS_BY_TYPE, map.version());
    }
}
