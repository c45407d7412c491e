package io.shapes.operations;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.Deployment;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * A deployment's first map over a first set of empty cells: the one way it is made, by {@code cell-manager init
 * --cell} and by the local deployment library alike.
 */
public final class FirstMap {
    private FirstMap() {
    }

    /**
     * Checks each cell as {@code cell add} does, registers them all, tells each cell its even, contiguous share of the
     * buckets, then publishes the map that says so. Refused when the map has cells already.
     */
    public static RoutingMap spread(ControlStore store, CellAdminClient admin, Map<String, URI> cells) {
        Deployment deployment = store.deployment().require();
        RoutingMap current = store.maps().latest().orElseThrow();
        if (!current.isEmpty()) {
            throw new IllegalStateException("the map has cells already (version " + current.version() + "): add more"
                    + " with 'cell add' and 'cell split'");
        }
        cells.forEach((name, url) -> CellFitness.refuseUnfit(name, url.toString(), admin.info(url).join(), deployment));
        List<CellRef> refs = cells.entrySet().stream().map(c -> store.cells().add(c.getKey(), c.getValue())).toList();
        List<RangeAssignment> ranges = BucketSpread.evenly(List.copyOf(cells.keySet()));
        RoutingMap next = current.next(refs, ranges);
        for (RangeAssignment range : ranges) {
            admin.setOwnership(cells.get(range.cell()), range.range(), OwnershipState.OWNED, next.version());
        }
        return store.maps().append(next, "init: buckets spread evenly over " + cells.size() + " cells");
    }
}
