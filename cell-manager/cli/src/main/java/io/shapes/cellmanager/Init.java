package io.shapes.cellmanager;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Names;
import io.shapes.core.map.RoutingMap;
import io.shapes.operations.FirstMap;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.control.Deployment;
import io.shapes.core.Scheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Creates the control store schema and an empty map (version 1) for a scheme and cell size.",
                "With --cell, it registers those empty cells and spreads the buckets evenly over them (map version 2)."},
        footer = {"", "Examples:", "  cell-manager init --scheme tenant --cell-capacity 1000000 --shard-size 2",
                "  cell-manager init --scheme tenant --cell cell-1=http://10.0.0.1:8101 --cell cell-2=http://10.0.0.2:8101"})
class Init implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--scheme", required = true, description = "tenant, type or id-range")
    String scheme;

    @Option(names = "--cell-capacity", defaultValue = "1000000",
            description = "shapes per cell: every cell has this size (default ${DEFAULT-VALUE})")
    long cellCapacity;

    @Option(names = "--shard-size", defaultValue = "2", paramLabel = "K",
            description = "cells in a new tenant's placement (tenant scheme); 1 puts each tenant in one cell (default"
                    + " ${DEFAULT-VALUE})")
    int shardSize;

    @Option(names = "--cell", paramLabel = "NAME=URL", description = "an empty cell to start with (repeatable)")
    List<String> cells = List.of();

    @Override
    public void run() {
        Map<String, URI> startCells = new LinkedHashMap<>();
        for (String cell : cells) {
            int equals = cell.indexOf('=');
            if (equals < 1) {
                throw new UsageException("--cell must be NAME=URL, e.g. cell-1=http://127.0.0.1:8101");
            }
            String name = UsageException.valid(() -> Names.requireCellName(cell.substring(0, equals)));
            if (startCells.put(name, CellAdd.parseUrl(cell.substring(equals + 1), "--cell " + name + "=URL")) != null) {
                throw new UsageException("--cell " + name + " is given twice");
            }
        }
        Scheme parsed = UsageException.valid(() -> Scheme.parse(scheme));
        if (cellCapacity < 1) {
            throw new UsageException("--cell-capacity must be at least 1");
        }
        UsageException.valid(() -> Deployment.requireShardSize(shardSize));
        ControlStore store = connection.store().migrate();
        connection.audit(store);
        Deployment deployment = store.deployment().init(parsed, cellCapacity, shardSize);
        if (startCells.isEmpty()) {
            output.print(Map.of("scheme", deployment.scheme().wireName(), "cellCapacity", deployment.cellCapacity(),
                    "shardSize", deployment.shardSize(), "mapVersion", 1), "initialised: scheme " + deployment.scheme().wireName() + ", cells of "
                            + deployment.cellCapacity() + " shapes, map version 1 (no cells yet)");
            return;
        }
        RoutingMap map = FirstMap.spread(store, connection.cells(), startCells);
        output.print(Map.of("scheme", deployment.scheme().wireName(), "cellCapacity", deployment.cellCapacity(),
                "shardSize", deployment.shardSize(), "mapVersion", map.version(), "cells", List.copyOf(startCells.keySet())), "initialised: scheme "
                        + deployment.scheme().wireName() + ", cells of " + deployment.cellCapacity() + " shapes, map"
                        + " version " + map.version() + " spreads the buckets evenly over " + startCells.size()
                        + " cells");
    }
}
