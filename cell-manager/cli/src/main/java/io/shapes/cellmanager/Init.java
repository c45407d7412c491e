package io.shapes.cellmanager;

import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.control.Deployment;
import io.shapes.core.Scheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Creates the control store schema and an empty map (version 1) for a scheme and cell size.",
        footer = {"", "Example:", "  cell-manager init --scheme tenant --cell-capacity 1000000"})
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

    @Override
    public void run() {
        Scheme parsed = UsageException.valid(() -> Scheme.parse(scheme));
        if (cellCapacity < 1) {
            throw new UsageException("--cell-capacity must be at least 1");
        }
        ControlStore store = connection.store().migrate();
        connection.audit(store);
        Deployment deployment = store.deployment().init(parsed, cellCapacity);
        output.print(Map.of("scheme", deployment.scheme().wireName(), "cellCapacity", deployment.cellCapacity(),
                "mapVersion", 1), "initialised: scheme " + deployment.scheme().wireName() + ", cells of "
                        + deployment.cellCapacity() + " shapes, map version 1 (no cells yet)");
    }
}
