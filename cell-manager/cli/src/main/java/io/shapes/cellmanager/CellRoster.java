package io.shapes.cellmanager;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.operations.CellFitness;

/**
 * The map's list of cells: registers an empty cell of the standard size ({@code cell add}, and the autopilot after
 * it provisioned one; the first cell gets every bucket, later ones none until a split moves some to them) and
 * unregisters a drained one ({@code cell remove}, and the autopilot after a merge).
 */
final class CellRoster {
    private final ControlStore store;
    private final CellAdminClient cells;

    CellRoster(ControlStore store, CellAdminClient cells) {
        this.store = store;
        this.cells = cells;
    }

    /** Adds {@code name} at {@code url}; returns the new map. Refused if the cell is unfit or the map has it. */
    RoutingMap add(String name, URI url) {
        CellInfo info = cells.info(url).join();
        CellFitness.refuseUnfit(name, url.toString(), info, store.deployment().require());
        RoutingMap current = store.maps().latest().orElseThrow();
        if (current.cell(name).isPresent()) {
            throw new IllegalStateException("the map has a cell " + name + " already");
        }
        CellRef cell = store.cells().add(name, url);
        List<CellRef> cellsAfter = new ArrayList<>(current.cells());
        cellsAfter.add(cell);
        List<RangeAssignment> ranges = current.ranges();
        if (current.isEmpty()) {
            ranges = List.of(new RangeAssignment(BucketRange.ALL, name));
            cells.setOwnership(url, BucketRange.ALL, OwnershipState.OWNED, current.version() + 1);
        }
        return store.maps().append(current.next(cellsAfter, ranges), "cell add " + name);
    }

    /** What {@link #remove} did: the new map, and whether the cell answered (to confirm that it holds nothing). */
    record Removal(RoutingMap map, boolean answered) {
    }

    /** Unregisters {@code name}: refused while it holds buckets, shapes or an unfinished split. */
    Removal remove(String name) {
        RoutingMap map = store.maps().latest().orElseThrow(() -> new IllegalStateException(
                "the control store is not initialised: run init"));
        CellRef cell = map.cell(name).orElseThrow(() -> new IllegalStateException("no cell " + name + " in the map"));
        int ranges = map.rangesByCell().getOrDefault(name, List.of()).size();
        if (ranges > 0) {
            throw new IllegalStateException("cell " + name + " still holds " + ranges + " bucket range(s): 'cell drain "
                    + name + "' first");
        }
        store.splits().all().stream().filter(s -> !s.phase().isFinished())
                .filter(s -> s.source().equals(name) || s.target().equals(name)).findFirst().ifPresent(s -> {
                    throw new IllegalStateException("split " + s.id() + " of " + name + " is not finished; resume or"
                            + " abort it first");
                });
        CellInfo info = reachable(cell);
        if (info != null && info.shapes() > 0) {
            throw new IllegalStateException("cell " + name + " still holds " + info.shapes() + " shapes");
        }
        List<CellRef> remaining = map.cells().stream().filter(c -> !c.name().equals(name)).toList();
        RoutingMap next = store.maps().append(map.next(remaining, map.ranges()), "cell remove " + name);
        store.cells().remove(name);
        return new Removal(next, info != null);
    }

    private CellInfo reachable(CellRef cell) {
        try {
            return cells.info(cell.url()).join();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
