package io.shapes.cellmanager.autopilot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the autopilot does, given what it sees; pure, so that every rule is unit-tested.
 * <ul>
 * <li>A cell at or past the threshold is split into a new cell, fullest first.</li>
 * <li>A cell that has stayed under the merge line for the cool-down is merged into the emptiest other cell that
 * stays under the threshold with it; one merge at a time, and only when every cell answered.</li>
 * <li>Never two operations on one cell, never more than {@code maxMoves} at once, nothing on a cell within the
 * cool-down after its last operation, nothing on a cell that does not answer.</li>
 * </ul>
 */
public record AutopilotPolicy(double threshold, double mergeBelow, Duration coolDown, int maxMoves) {

    /**
     * What the autopilot sees on one look.
     *
     * @param fills every cell of the map with what it holds
     * @param busy cells an unfinished operation or split involves
     * @param sinceLastOperation per cell, the time since its last operation ended (absent: never)
     * @param lowFor per cell, how long it has been under the merge line (absent: it is not)
     * @param running operations under way now
     */
    public record View(List<CellFill> fills, Set<String> busy, Map<String, Duration> sinceLastOperation,
            Map<String, Duration> lowFor, int running) {
    }

    /** The decisions for {@code view}; {@code newCellName} gives the name of each new cell a split needs. */
    public List<Decision> decide(View view, Supplier<String> newCellName) {
        List<Decision> decisions = new ArrayList<>();
        int free = maxMoves - view.running();
        List<CellFill> fullestFirst = view.fills().stream().sorted(Comparator.comparingDouble(CellFill::percent).reversed())
                .toList();
        for (CellFill cell : fullestFirst) {
            if (!cell.answered()) {
                decisions.add(Decision.waitFor(cell, "it did not answer: nothing is decided for a cell the autopilot"
                        + " cannot see"));
                continue;
            }
            if (cell.percent() < threshold) {
                continue;
            }
            String over = String.format(Locale.ROOT, "past the pre-scaling line of %.0f %%", threshold);
            String heldBack = heldBack(cell.name(), view, free);
            if (heldBack != null) {
                decisions.add(Decision.waitFor(cell, over + ", but " + heldBack));
                continue;
            }
            decisions.add(Decision.split(cell, newCellName.get(), over));
            free--;
        }
        if (mergeBelow > 0 && free > 0 && view.fills().stream().allMatch(CellFill::answered)) {
            mergeCandidate(view, free).ifPresent(decisions::add);
        }
        return decisions;
    }

    private java.util.Optional<Decision> mergeCandidate(View view, int free) {
        List<CellFill> emptiestFirst = view.fills().stream().sorted(Comparator.comparingDouble(CellFill::percent)).toList();
        for (CellFill cell : emptiestFirst) {
            Duration low = view.lowFor().get(cell.name());
            if (cell.percent() >= mergeBelow || low == null || low.compareTo(coolDown) < 0
                    || heldBack(cell.name(), view, free) != null) {
                continue;
            }
            for (CellFill into : emptiestFirst) {
                if (into.name().equals(cell.name()) || heldBack(into.name(), view, free) != null
                        || into.capacity() == 0) {
                    continue;
                }
                double after = 100.0 * (into.shapes() + cell.shapes()) / into.capacity();
                if (after < threshold) {
                    return java.util.Optional.of(Decision.merge(cell, into.name(), String.format(Locale.ROOT,
                            "under the merge line of %.0f %% for %d s; %s holds %.1f %% after", mergeBelow,
                            low.toSeconds(), into.name(), after)));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Why nothing may start on {@code cell} now, or null if something may. */
    private String heldBack(String cell, View view, int free) {
        if (view.busy().contains(cell)) {
            return "an operation on it is under way";
        }
        Duration since = view.sinceLastOperation().get(cell);
        if (since != null && since.compareTo(coolDown) < 0) {
            return "its last operation ended " + since.toSeconds() + " s ago (cool-down " + coolDown.toSeconds() + " s)";
        }
        if (free <= 0) {
            return maxMoves + " operation(s) under way already (--max-moves)";
        }
        return null;
    }
}
