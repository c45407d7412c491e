package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.control.Split;
import io.shapes.core.Names;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
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
        Splitter splitter = Splitter.forCommand(store, connection.cells());
        List<Map<String, Object>> moves = new ArrayList<>();
        if (!dryRun.enabled) {
            for (Split unfinished : store.splits().all()) {
                if (!unfinished.phase().isFinished() && unfinished.source().equals(source)
                        && unfinished.target().equals(target)) {
                    moves.add(SplitOutcome.json(splitter.run(unfinished)));
                }
            }
        }
        RoutingMap map = NewestMap.of(store);
        map.cell(source).orElseThrow(() -> new IllegalStateException("no cell " + source + " in the map"));
        map.cell(target).orElseThrow(() -> new IllegalStateException("no cell " + target + " in the map"));
        List<RangeAssignment> ranges = map.rangesByCell().getOrDefault(source, List.of());
        MovePlanner planner = new MovePlanner(store, connection.cells());
        List<MovePlan.Move> planned = new ArrayList<>();
        for (RangeAssignment range : ranges) {
            splitter.checkMove(source, target, range.range());
            planned.add(planner.move(source, target, range.range()));
        }
        MovePlan plan = planner.plan(planned);
        MovePlan.Fill after = plan.fillAfter().get(target);
        if (after.percent() > threshold) {
            throw new IllegalStateException(String.format(Locale.ROOT, "cell %s would hold %.1f %% of its capacity after"
                    + " the merge, past the pre-scaling line of %.0f %%", target, after.percent(), threshold));
        }
        if (dryRun.enabled) {
            output.print(plan.json(), plan.text());
            return;
        }
        for (MovePlan.Move move : planned) {
            moves.add(SplitOutcome.json(splitter.run(splitter.planMove(source, target, move.range()))));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", source);
        json.put("target", target);
        json.put("moves", moves);
        json.put("mapVersion", NewestMap.of(store).version());
        output.print(json, "merged " + source + " into " + target + ": " + moves.size() + " range(s) moved, map version "
                + NewestMap.of(store).version() + "; 'cell remove " + source + "' unregisters " + source);
    }
}
