package io.shapes.cellmanager;

import java.util.List;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.core.BucketRange;
import io.shapes.core.Names;
import io.shapes.control.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Moves the upper half of NAME's largest bucket range to the empty registered cell NEW, online:"
                + " plan, copy, catch up, fence, verify, switch, clean up. Prints progress and the measured write"
                + " pause. Interrupted? 'split resume ID' finishes it, 'split abort ID' undoes it before the switch.",
        footer = {"", "Examples:", "  cell-manager cell split cell-1 --into cell-2 --dry-run",
                "  cell-manager cell split cell-1 --into cell-2"})
class CellSplit implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Mixin
    DryRun dryRun;

    @Parameters(paramLabel = "NAME", description = "the cell to split")
    String source;

    @Option(names = "--into", required = true, paramLabel = "NEW", description = "the empty cell that takes half")
    String target;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(source));
        UsageException.valid(() -> Names.requireCellName(target));
        if (source.equals(target)) {
            throw new UsageException("a cell cannot be split into itself: --into names an empty cell");
        }
        ControlStore store = connection.store();
        Splitter splitter = Splitter.forCommand(store, connection.cells());
        if (dryRun.enabled) {
            BucketRange range = splitter.splitRange(source, target);
            splitter.checkMove(source, target, range);
            MovePlanner planner = new MovePlanner(store, connection.cells());
            MovePlan plan = planner.plan(List.of(planner.move(source, target, range)));
            output.print(plan.json(), plan.text());
            return;
        }
        Split done = splitter.run(splitter.plan(source, target));
        output.print(SplitOutcome.json(done), SplitOutcome.text(done));
    }
}
