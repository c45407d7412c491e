package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.core.Names;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Unregisters a cell that holds no buckets (drain it first) and no shapes; a new map version"
                + " leaves it out. A cell that no longer answers is removed if the map gives it nothing.",
        footer = {"", "Example:", "  cell-manager cell remove cell-3"})
class CellRemove implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "the drained cell to unregister")
    String name;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(name));
        ControlStore store = connection.store();
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
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("mapVersion", next.version());
        json.put("answered", info != null);
        output.print(json, "removed " + name + "; map version " + next.version() + " leaves it out"
                + (info == null ? " (it did not answer)" : ""));
    }

    private CellInfo reachable(CellRef cell) {
        try {
            return connection.cells().info(cell.url()).join();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
