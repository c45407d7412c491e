package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.Split;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * Merges cell A into cell B ({@code cell merge}, and the autopilot): every bucket range of A moves to B, one at a time,
 * with the split's machinery. Refused if B would pass the pre-scaling line.
 */
final class Merger {
    private final ControlStore store;
    private final CellAdminClient cells;
    private final Splitter splitter;

    /** The moves of a merge and the plan they make (rows, estimated time, fill of every cell after). */
    record Plan(String source, String target, List<MovePlan.Move> moves, MovePlan plan) {
    }

    Merger(ControlStore store, CellAdminClient cells, Splitter splitter) {
        this.store = store;
        this.cells = cells;
        this.splitter = splitter;
    }

    /** Finishes the moves from {@code source} to {@code target} that an interrupted merge left unfinished. */
    List<Split> finishUnfinished(String source, String target) {
        List<Split> done = new ArrayList<>();
        for (Split unfinished : store.splits().all()) {
            if (!unfinished.phase().isFinished() && unfinished.source().equals(source)
                    && unfinished.target().equals(target)) {
                done.add(splitter.run(unfinished));
            }
        }
        return done;
    }

    /** Plans the merge; changes nothing. Throws if a range may not move or {@code target} would pass {@code threshold} %. */
    Plan plan(String source, String target, double threshold) {
        RoutingMap map = NewestMap.of(store);
        map.cell(source).orElseThrow(() -> new IllegalStateException("no cell " + source + " in the map"));
        map.cell(target).orElseThrow(() -> new IllegalStateException("no cell " + target + " in the map"));
        MovePlanner planner = new MovePlanner(store, cells);
        List<MovePlan.Move> moves = new ArrayList<>();
        for (RangeAssignment range : map.rangesByCell().getOrDefault(source, List.of())) {
            splitter.checkMove(source, target, range.range());
            moves.add(planner.move(source, target, range.range()));
        }
        MovePlan plan = planner.plan(moves);
        MovePlan.Fill after = plan.fillAfter().get(target);
        if (after.percent() > threshold) {
            throw new IllegalStateException(String.format(Locale.ROOT, "cell %s would hold %.1f %% of its capacity after"
                    + " the merge, past the pre-scaling line of %.0f %%", target, after.percent(), threshold));
        }
        return new Plan(source, target, moves, plan);
    }

    /** Moves every planned range; returns the finished splits. */
    List<Split> execute(Plan plan) {
        List<Split> done = new ArrayList<>();
        for (MovePlan.Move move : plan.moves()) {
            done.add(splitter.run(splitter.planMove(plan.source(), plan.target(), move.range())));
        }
        return done;
    }
}
