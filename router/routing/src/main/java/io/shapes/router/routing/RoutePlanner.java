package io.shapes.router.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import io.shapes.core.BucketRule;
import io.shapes.core.Buckets;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeTypes;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * The one place that decides routes (DESIGN.md, the scheme table): a pure function of the request, the map and
 * the deployment's shape types.
 *
 * <table>
 * <tr><th>scheme</th><th>put / getShape (an id in a bucket the scheme never gives the tenant: no cell)</th><th>count(tenant, type)</th><th>count(tenant)</th><th>count(type), admin</th></tr>
 * <tr><td>tenant</td><td>1 cell</td><td>1 cell</td><td>1 cell</td><td>all cells</td></tr>
 * <tr><td>type</td><td>1 cell</td><td>1 cell</td><td>the cells of the types</td><td>1 cell</td></tr>
 * <tr><td>id-range</td><td>1 cell</td><td>all cells</td><td>all cells</td><td>all cells</td></tr>
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
            return one(put.id().bucket(), map);
        }
        if (request instanceof ShapeRequest.Get get) {
            return couldHold(scheme, get) ? one(get.id().bucket(), map)
                    : new Route.NoSuchShape("tenant " + get.tenant() + " has no such shape", map.version());
        }
        if (request instanceof ShapeRequest.Count count) {
            return BucketRule.bucketForCount(scheme, count.tenant(), count.type())
                    .map(bucket -> one(bucket, map))
                    .orElseGet(() -> everyCell(map, Route.Merge.SUM_COUNTS));
        }
        if (request instanceof ShapeRequest.CountAllTypes all) {
            return switch (scheme) {
                case TENANT -> one(Buckets.of(all.tenant()), map);
                case TYPE -> cellsOfTypes(map);
                case ID_RANGE -> everyCell(map, Route.Merge.SUM_COUNTS_BY_TYPE);
            };
        }
        ShapeRequest.GlobalCount global = (ShapeRequest.GlobalCount) request;
        return scheme == Scheme.TYPE ? one(Buckets.of(global.type()), map) : everyCell(map, Route.Merge.SUM_COUNTS);
    }

    /** Whether the scheme could have put a shape of this tenant into the id's bucket. */
    private boolean couldHold(Scheme scheme, ShapeRequest.Get get) {
        int bucket = get.id().bucket();
        return switch (scheme) {
            case TENANT -> bucket == Buckets.of(get.tenant());
            case TYPE -> types.allowed().stream().anyMatch(type -> Buckets.of(type) == bucket);
            case ID_RANGE -> true;
        };
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
        return new Route.Scatter(new ArrayList<>(cells), merge, map.version());
    }

    private Route cellsOfTypes(RoutingMap map) {
        Set<String> cells = new LinkedHashSet<>();
        for (String type : types.allowed()) {
            map.cellFor(Buckets.of(type)).ifPresent(cells::add);
        }
        return new Route.Scatter(new ArrayList<>(cells), Route.Merge.SUM_COUNTS_BY_TYPE, map.version());
    }
}
