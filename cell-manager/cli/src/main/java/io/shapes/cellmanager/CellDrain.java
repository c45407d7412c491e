package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.control.Split;
import io.shapes.core.Names;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Moves every bucket range of NAME to the other cells, one range at a time with the split's"
                + " machinery (copy, catch up, fence, verify, switch, clean up), each into the least filled cell with"
                + " room for it. NAME is marked draining and gets no new ranges. Interrupted? Run it again: it resumes"
                + " the unfinished move first. Then 'cell remove NAME' unregisters it.",
        footer = {"", "Examples:", "  cell-manager cell drain cell-3 --dry-run", "  cell-manager cell drain cell-3"})
class CellDrain implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Mixin
    DryRun dryRun;

    @Parameters(paramLabel = "NAME", description = "the cell to empty")
    String name;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(name));
        ControlStore store = connection.store();
        CellAdminClient cells = connection.cells();
        Splitter splitter = Splitter.forCommand(store, cells);
        if (dryRun.enabled) {
            MovePlan plan = plan(store, cells);
            output.print(plan.json(), plan.text());
            return;
        }
        markDraining(store);
        List<Map<String, Object>> moves = new ArrayList<>();
        for (Split unfinished : store.splits().all()) {
            if (!unfinished.phase().isFinished() && unfinished.source().equals(name)) {
                moves.add(SplitOutcome.json(splitter.run(unfinished)));
            }
        }
        for (RangeAssignment range : NewestMap.of(store).rangesByCell().getOrDefault(name, List.of())) {
            String target = leastFilledWithRoom(NewestMap.of(store), cells, range);
            moves.add(SplitOutcome.json(splitter.run(splitter.planMove(name, target, range.range()))));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("moves", moves);
        json.put("mapVersion", NewestMap.of(store).version());
        output.print(json, "drained " + name + ": " + moves.size() + " range(s) moved, map version "
                + NewestMap.of(store).version() + "; 'cell remove " + name + "' unregisters it");
    }

    /** The moves a drain would make now, each range into the least filled active cell with room as planned so far. */
    private MovePlan plan(ControlStore store, CellAdminClient cells) {
        RoutingMap map = NewestMap.of(store);
        map.cell(name).orElseThrow(() -> new IllegalStateException("no cell " + name + " in the map"));
        MovePlanner planner = new MovePlanner(store, cells);
        Map<String, MovePlan.Fill> fills = planner.fills();
        List<MovePlan.Move> moves = new ArrayList<>();
        for (RangeAssignment range : map.rangesByCell().getOrDefault(name, List.of())) {
            long rows = planner.rows(name, range.range());
            String target = map.cells().stream()
                    .filter(c -> !c.name().equals(name) && c.state() == CellState.ACTIVE)
                    .map(CellRef::name)
                    .filter(c -> fills.get(c).shapes() + rows <= fills.get(c).capacity())
                    .min(Comparator.comparingLong(c -> fills.get(c).shapes()))
                    .orElseThrow(() -> new IllegalStateException("no active cell has room for the " + rows
                            + " shapes of buckets " + range.range() + ": add a cell first"));
            fills.computeIfPresent(target, (c, fill) -> new MovePlan.Fill(fill.shapes() + rows, fill.capacity()));
            moves.add(new MovePlan.Move(name, target, range.range(), rows));
        }
        return planner.plan(moves);
    }

    /** Marks the cell draining in the control store and in a new map version, unless it is already. */
    private void markDraining(ControlStore store) {
        RoutingMap map = NewestMap.of(store);
        CellRef cell = map.cell(name).orElseThrow(() -> new IllegalStateException("no cell " + name + " in the map"));
        if (cell.state() == CellState.DRAINING) {
            return;
        }
        if (map.cells().stream().noneMatch(c -> !c.name().equals(name) && c.state() == CellState.ACTIVE)) {
            throw new IllegalStateException("cell " + name + " is the only active cell: add a cell to drain it into");
        }
        store.cells().setState(name, CellState.DRAINING);
        List<CellRef> cellsAfter = map.cells().stream()
                .map(c -> c.name().equals(name) ? new CellRef(name, c.url(), CellState.DRAINING) : c).toList();
        store.maps().append(map.next(cellsAfter, map.ranges()), "cell drain " + name);
    }

    private String leastFilledWithRoom(RoutingMap map, CellAdminClient cells, RangeAssignment range) {
        long moving = cells.keptSums(map.cell(name).orElseThrow().url(), range.range()).join().count();
        record Candidate(String name, CellInfo info) {
        }
        return map.cells().stream()
                .filter(c -> !c.name().equals(name) && c.state() == CellState.ACTIVE)
                .map(c -> new Candidate(c.name(), answer(cells, c)))
                .filter(c -> c.info() != null && c.info().shapes() + moving <= c.info().capacity())
                .min(Comparator.comparingLong(c -> c.info().shapes()))
                .map(Candidate::name)
                .orElseThrow(() -> new IllegalStateException("no active cell that answers has room for the "
                        + moving + " shapes of buckets " + range.range() + ": add a cell first"));
    }

    /** What a cell says it holds; null for a cell that does not answer (it is not a place to move data to). */
    private static CellInfo answer(CellAdminClient cells, CellRef cell) {
        try {
            return cells.info(cell.url()).join();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
