package io.shapes.cellmanager;

import picocli.CommandLine.Command;

@Command(name = "cell", mixinStandardHelpOptions = true, description = "Register and inspect cells.",
        footer = {"", "Examples:", "  cell-manager cell add cell-1 --url http://127.0.0.1:8101", "  cell-manager cell list",
                "  cell-manager cell split cell-1 --into cell-2", "  cell-manager cell drain cell-3",
                "  cell-manager cell remove cell-3", "  cell-manager cell move 4096-6144 --to cell-3",
                "  cell-manager cell merge cell-4 --into cell-3", "  cell-manager cell verify cell-2"},
        subcommands = {CellAdd.class, CellList.class, CellSplit.class, CellMove.class, CellMerge.class, CellDrain.class,
                CellRemove.class, CellVerify.class})
class CellCommands {
}
