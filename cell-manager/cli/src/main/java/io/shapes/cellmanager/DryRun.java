package io.shapes.cellmanager;

import picocli.CommandLine.Option;

/** {@code --dry-run}: print the plan of a data move, change nothing, exit 0. */
public class DryRun {
    @Option(names = "--dry-run", description = "print the plan (moves, rows, estimated time, every cell's fill after)"
            + " and change nothing")
    boolean enabled;
}
