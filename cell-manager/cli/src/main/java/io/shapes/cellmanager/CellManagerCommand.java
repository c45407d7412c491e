package io.shapes.cellmanager;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code cell-manager}: the control plane's command line (API.md section 2). */
@TopCommand
@Command(name = "cell-manager", mixinStandardHelpOptions = true, version = "cell-manager 0.1.0",
        description = "Operates a Shapes deployment through its control store: cells, maps, tenants.",
        footer = {"", "The control store comes from --control-db or SHAPES_CONTROL_DB, e.g.",
                "  jdbc:postgresql://127.0.0.1:5432/shapes?user=shapes&password=secret",
                "", "Example:", "  cell-manager cell list"},
        subcommands = {Init.class, CellCommands.class, MapCommands.class, TenantCommands.class, SplitCommands.class,
                Autopilot.class, io.shapes.cellmanager.publish.PublishCommand.class,
                io.shapes.cellmanager.console.ConsoleCommand.class})
public class CellManagerCommand {
}
