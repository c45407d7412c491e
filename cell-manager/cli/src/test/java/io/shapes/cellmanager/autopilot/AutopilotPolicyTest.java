package io.shapes.cellmanager.autopilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class AutopilotPolicyTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private final AutopilotPolicy policy = new AutopilotPolicy(45, 10, COOL_DOWN, 1);
    private final AtomicInteger names = new AtomicInteger(10);
    private final Supplier<String> newName = () -> "cell-" + names.incrementAndGet();

    private static CellFill cell(String name, long shapes) {
        return new CellFill(name, shapes, 1_000, true);
    }

    private static AutopilotPolicy.View view(List<CellFill> fills) {
        return new AutopilotPolicy.View(fills, Set.of(), Map.of(), Map.of(), 0);
    }

    private static String summary(List<Decision> decisions) {
        return String.join("; ", decisions.stream().map(d -> d.action().wireName() + " " + d.cell().name()
                + (d.target() == null ? "" : " " + d.target())).toList());
    }

    @Test
    void aCellAtTheThresholdIsSplitIntoANewCellAndOneUnderItIsLeftAlone() {
        assertEquals("split cell-1 cell-11", summary(policy.decide(view(List.of(cell("cell-1", 450), cell("cell-2", 449))),
                newName)));
    }

    @Test
    void theFullestCellGoesFirstAndTheMoveLimitHoldsTheOthersBack() {
        List<Decision> decisions = policy.decide(view(List.of(cell("cell-1", 500), cell("cell-2", 700))), newName);
        assertEquals("split cell-2 cell-11; wait cell-1", summary(decisions));
        assertTrue(decisions.get(1).reason().contains("--max-moves"), decisions.get(1).reason());
        assertEquals("split cell-2 cell-12; split cell-1 cell-13", summary(new AutopilotPolicy(45, 10, COOL_DOWN, 2)
                .decide(view(List.of(cell("cell-1", 500), cell("cell-2", 700))), newName)));
    }

    @Test
    void aBusyCellACellInItsCoolDownAndASilentCellWait() {
        AutopilotPolicy.View view = new AutopilotPolicy.View(List.of(cell("cell-1", 600), cell("cell-2", 600),
                CellFill.silent("cell-3")), Set.of("cell-1"), Map.of("cell-2", Duration.ofSeconds(5)), Map.of(), 0);
        List<Decision> decisions = policy.decide(view, newName);
        assertEquals("wait cell-1; wait cell-2; wait cell-3", summary(decisions.stream()
                .sorted(java.util.Comparator.comparing(d -> d.cell().name())).toList()));
        assertTrue(decisions.stream().anyMatch(d -> d.reason().contains("under way")), summary(decisions));
        assertTrue(decisions.stream().anyMatch(d -> d.reason().contains("cool-down")), summary(decisions));
        assertTrue(decisions.stream().anyMatch(d -> d.reason().contains("did not answer")), summary(decisions));
    }

    @Test
    void aCellUnderTheMergeLineForTheCoolDownIsMergedIntoTheEmptiestCellThatStaysUnderTheThreshold() {
        AutopilotPolicy.View view = new AutopilotPolicy.View(List.of(cell("cell-1", 50), cell("cell-2", 420),
                cell("cell-3", 300)), Set.of(), Map.of(), Map.of("cell-1", COOL_DOWN), 0);
        assertEquals("merge cell-1 cell-3", summary(policy.decide(view, newName)));
    }

    @Test
    void noMergeBeforeTheCoolDownNorPastTheThresholdNorWithASilentCellNorWhenMergingIsOff() {
        List<CellFill> fills = List.of(cell("cell-1", 50), cell("cell-2", 420));
        Map<String, Duration> low = Map.of("cell-1", COOL_DOWN);
        assertEquals("", summary(policy.decide(new AutopilotPolicy.View(fills, Set.of(), Map.of(),
                Map.of("cell-1", COOL_DOWN.minusSeconds(1)), 0), newName)), "not low for long enough");
        assertEquals("", summary(policy.decide(new AutopilotPolicy.View(List.of(cell("cell-1", 50), cell("cell-2", 401)),
                Set.of(), Map.of(), low, 0), newName)), "cell-2 would hold 45.1 %");
        assertEquals("wait cell-3", summary(policy.decide(new AutopilotPolicy.View(List.of(cell("cell-1", 50),
                cell("cell-2", 100), CellFill.silent("cell-3")), Set.of(), Map.of(), low, 0), newName)));
        assertEquals("", summary(new AutopilotPolicy(45, 0, COOL_DOWN, 1).decide(new AutopilotPolicy.View(fills,
                Set.of(), Map.of(), low, 0), newName)));
        assertEquals("", summary(policy.decide(new AutopilotPolicy.View(List.of(cell("cell-1", 50)), Set.of(), Map.of(),
                low, 0), newName)), "the only cell is never merged");
    }
}
