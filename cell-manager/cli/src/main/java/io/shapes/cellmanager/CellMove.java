package io.shapes.cellmanager;

import java.util.List;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.control.Split;
import io.shapes.core.BucketRange;
import io.shapes.core.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "move", mixinStandardHelpOptions = true,
        description = "Moves the bucket range FROM-TO, which one cell holds, to CELL, online, with the split's"
                + " machinery (copy, catch up, fence, verify, switch, clean up); a split and a drain are cases of it."
                + " Refused if CELL has no room for the range's shapes. Interrupted? 'split resume ID' finishes it.",
        footer = {"", "Examples:", "  cell-manager cell move 4096-6144 --to cell-3 --dry-run",
                "  cell-manager cell move 4096-6144 --to cell-3"})
class CellMove implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Mixin
    DryRun dryRun;

    @Parameters(paramLabel = "FROM-TO", description = "the buckets to move, e.g. 4096-6144 (FROM included, TO not)")
    String range;

    @Option(names = "--to", required = true, paramLabel = "CELL", description = "the cell that takes the range")
    String target;

    @Override
    public void run() {
        BucketRange buckets = UsageException.valid(() -> BucketRange.parse(range));
        UsageException.valid(() -> Names.requireCellName(target));
        ControlStore store = connection.store();
        String source = store.maps().latest().flatMap(map -> map.cellFor(buckets.from()))
                .orElseThrow(() -> new IllegalStateException("the map gives no cell buckets " + buckets));
        Splitter splitter = Splitter.forCommand(store, connection.cells());
        splitter.checkMove(source, target, buckets);
        MovePlanner planner = new MovePlanner(store, connection.cells());
        MovePlan plan = planner.plan(List.of(planner.move(source, target, buckets)));
        MovePlan.Fill after = plan.fillAfter().get(target);
        if (after != null && after.shapes() > after.capacity()) {
            throw new IllegalStateException(String.format("cell %s has no room for the %,d shapes of buckets %s (%,d of"
                    + " %,d after the move)", target, plan.rows(), buckets, after.shapes(), after.capacity()));
        }
        if (dryRun.enabled) {
            output.print(plan.json(), plan.text());
            return;
        }
        Split done = splitter.run(splitter.planMove(source, target, buckets));
        output.print(SplitOutcome.json(done), SplitOutcome.text(done));
    }
}
