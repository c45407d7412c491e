package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.core.Names;
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
        CellRoster.Removal removal = new CellRoster(connection.store(), connection.cells()).remove(name);
        RoutingMap next = removal.map();
        boolean answered = removal.answered();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("mapVersion", next.version());
        json.put("answered", answered);
        output.print(json, "removed " + name + "; map version " + next.version() + " leaves it out"
                + (answered ? "" : " (it did not answer)"));
    }
}
