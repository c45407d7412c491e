package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.core.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Moves every bucket range of A into B, online, one range at a time with the split's machinery:"
                + " two under-filled cells become one. Refused if B would hold more than the pre-scaling line"
                + " (--threshold) of its capacity. Interrupted? Run it again: it finishes the unfinished move first."
                + " Then 'cell remove A' unregisters A.",
        footer = {"", "Examples:", "  cell-manager cell merge cell-4 --into cell-3 --dry-run",
                "  cell-manager cell merge cell-4 --into cell-3"})
class CellMerge implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Mixin
    DryRun dryRun;

    @Parameters(paramLabel = "A", description = "the cell to empty into B")
    String source;

    @Option(names = "--into", required = true, paramLabel = "B", description = "the cell that takes A's ranges")
    String target;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "45",
            description = "the pre-scaling line B may not pass (default ${DEFAULT-VALUE} %%)")
    double threshold;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(source));
        UsageException.valid(() -> Names.requireCellName(target));
        if (source.equals(target)) {
            throw new UsageException("a cell cannot be merged into itself");
        }
        if (!(threshold > 0 && threshold <= 100)) {
            throw new UsageException("--threshold must be a percentage in (0, 100]");
        }
        ControlStore store = connection.store();
        Merger merger = new Merger(store, connection.cells(), Splitter.forCommand(store, connection.cells()));
        List<Map<String, Object>> moves = new ArrayList<>();
        if (!dryRun.enabled) {
            merger.finishUnfinished(source, target).forEach(split -> moves.add(SplitOutcome.json(split)));
        }
        Merger.Plan plan = merger.plan(source, target, threshold);
        if (dryRun.enabled) {
            output.print(plan.plan().json(), plan.plan().text());
            return;
        }
        merger.execute(plan).forEach(split -> moves.add(SplitOutcome.json(split)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("target", target);
        json.put("moves", moves);
        json.put("mapVersion", NewestMap.of(store).version());
        output.print(json, "merged " + source + " into " + target + ": " + moves.size() + " range(s) moved, map version "
                + NewestMap.of(store).version() + "; 'cell remove " + source + "' unregisters " + source);
    }
}
