package io.shapes.cellmanager;

import picocli.CommandLine.Command;

@Command(name = "map", mixinStandardHelpOptions = true, description = "Inspect and restore routing map versions.",
        footer = {"", "Examples:", "  cell-manager map show", "  cell-manager map history", "  cell-manager map rollback 3"},
        subcommands = {MapShow.class, MapHistory.class, MapRollback.class})
class MapCommands {
}
