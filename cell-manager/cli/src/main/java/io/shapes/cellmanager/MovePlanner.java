package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;

/** Works out {@link MovePlan}s from the map, what each cell holds, and the copy rate last measured. Changes nothing. */
final class MovePlanner {
    private final ControlStore store;
    private final CellAdminClient cells;

    MovePlanner(ControlStore store, CellAdminClient cells) {
        this.store = store;
        this.cells = cells;
    }

    /** A move of one range, its rows counted on the source. */
    MovePlan.Move move(String source, String target, BucketRange range) {
        return new MovePlan.Move(source, target, range, rows(source, range));
    }

    /** The rows {@code cell} holds in {@code range}, from the sums it keeps: a small read. */
    long rows(String cell, BucketRange range) {
        return cells.keptSums(url(cell), range).join().count();
    }

    MovePlan plan(List<MovePlan.Move> moves) {
        return new MovePlan(moves, fills(), store.splits().measuredCopyRate());
    }

    /** Every cell of the map that answers, with its shapes and capacity, asked in parallel. */
    Map<String, MovePlan.Fill> fills() {
        Map<String, CompletableFuture<CellInfo>> asked = new LinkedHashMap<>();
        for (CellRef cell : latest().cells()) {
            asked.put(cell.name(), cells.info(cell.url()));
        }
        Map<String, MovePlan.Fill> fills = new LinkedHashMap<>();
        asked.forEach((name, info) -> {
            try {
                CellInfo answer = info.join();
                fills.put(name, new MovePlan.Fill(answer.shapes(), answer.capacity()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cell " + name + " does not answer: a plan needs every cell's fill");
            }
        });
        return fills;
    }

    private java.net.URI url(String cell) {
        return latest().cell(cell).orElseThrow(() -> new IllegalStateException("no cell " + cell + " in the map")).url();
    }

    private RoutingMap latest() {
        return NewestMap.of(store);
    }
}
