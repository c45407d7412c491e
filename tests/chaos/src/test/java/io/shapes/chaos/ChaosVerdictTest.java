package io.shapes.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;

/**
 * The chaos suite's pass/fail verdict on made-up histories: one that meets every invariant passes, and each way of
 * breaking one invariant is caught, by itself. A hang-cell scenario: cell-2's tenant is the victim, cell-1's the
 * bystander; the fault lasts from 10 s to 30 s, the cell is back at 31 s.
 */
class ChaosVerdictTest {
    private static final Map<String, String> CELL_OF = Map.of("bystander", "cell-1", "victim", "cell-2");
    private static final Timeline TIMELINE = new Timeline(Instant.EPOCH, 0, 10_000, 30_000, 30_100, 31_000, 34_000);
    private static final HistoryCheck.Verdict NOTHING_LOST = new HistoryCheck.Verdict(0, 0, List.of(), List.of(),
            List.of());

    /** How the made-up history goes; each test changes one thing. */
    private long failFastFromMs = 11_000;
    private double victimFastMs = 5;
    private double bystanderMsDuring = 10;
    private int bystanderErrorsDuring = 0;
    private double longestVictimMs = 1000;
    private long recoveredAt = TIMELINE.recoveredAt();

    private List<Attempt> history() {
        List<Attempt> history = new ArrayList<>();
        for (long t = 0; t < TIMELINE.end(); t += 10) {
            boolean during = t >= TIMELINE.faultAt() && t < TIMELINE.healAt();
            boolean error = during && bystanderErrorsDuring > 0 && t % 100 == 0 && bystanderErrorsDuring-- > 0;
            history.add(new Attempt(t, during ? bystanderMsDuring : 10, "bystander", "circle", error ? 503 : 201,
                    error, error ? null : "b" + t, null));
            if (!during) {
                history.add(new Attempt(t, 10, "victim", "circle", 201, false, "v" + t, null));
            } else if (t < failFastFromMs) {
                history.add(new Attempt(t, longestVictimMs, "victim", "circle", 503, true, null, "timeout"));
            } else {
                history.add(new Attempt(t, victimFastMs, "victim", "circle", 503, true, null, "cell-unavailable"));
            }
        }
        return history;
    }

    private ChaosVerdict verdict() {
        Timeline timeline = new Timeline(TIMELINE.clientsStarted(), TIMELINE.baselineFrom(), TIMELINE.faultAt(),
                TIMELINE.healAt(), TIMELINE.healedAt(), recoveredAt, TIMELINE.end());
        return ChaosVerdict.of(Scenario.HANG_CELL, timeline, history(), a -> CELL_OF.get(a.tenant()), NOTHING_LOST);
    }

    private void assertViolated(String invariant) {
        List<String> violations = verdict().violations();
        assertEquals(1, violations.size(), "exactly one invariant broken: " + violations);
        assertTrue(violations.get(0).startsWith(invariant), violations.get(0));
    }

    @Test
    void aHistoryThatMeetsEveryInvariantPasses() {
        ChaosVerdict verdict = verdict();
        assertEquals(List.of(), verdict.violations());
        // failing fast from 11.0 s on; 1 % of the answers after the point may be slow, so the point is 19 timeouts
        // earlier (19 of the 1,919 from 10.81 s on)
        assertEquals(810L, verdict.figures().get("msUntilFailingFast"));
    }

    @Test
    void bystandersWithMoreThanOneFailureInAThousandBreakTheBlastRadius() {
        bystanderErrorsDuring = 3; // of 2,000 requests during the fault: 99.85 %
        assertViolated("blast radius: tenants of other cells see >= 99.9% success");
    }

    @Test
    void bystandersWhoseP99GrowsPastOneAndAHalfTimesBreakTheBlastRadius() {
        bystanderMsDuring = 16;
        assertViolated("blast radius: tenants of other cells keep p99 within 1.5x");
    }

    @Test
    void aGrownP99SaysWhenTheSlowBystandersStarted() {
        List<Attempt> during = List.of(slowAt(10_050, 20), slowAt(10_900, 20), slowAt(10_950, 5), slowAt(23_400, 30));
        assertEquals("3 of 4 slower than 15.0 ms, by second after the fault: +0 s x2, +13 s x1",
                ChaosVerdict.slowSeconds(during, 10_000, 15));
    }

    private static Attempt slowAt(long startMs, double latencyMs) {
        return new Attempt(startMs, latencyMs, "bystander", "circle", 201, false, "b" + startMs, null);
    }

    @Test
    void failingFastLaterThanTwoSecondsAfterTheFaultFails() {
        failFastFromMs = 12_500; // with the 1 % of slow answers allowed: from 12.33 s
        longestVictimMs = 1000;
        assertViolated("fail fast: cell-2's tenants get 503 + Retry-After within 100 ms from at most 2 s");
    }

    @Test
    void slowRefusalsOnceFailingFastFail() {
        victimFastMs = 150;
        assertViolated("fail fast:");
    }

    @Test
    void aVictimKeptWaitingPastTwoAndAHalfSecondsIsAHang() {
        longestVictimMs = 2600;
        List<String> violations = verdict().violations();
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("never a hang")), violations.toString());
    }

    @Test
    void aRecoveryLongerThanFifteenSecondsFails() {
        recoveredAt = TIMELINE.healedAt() + 15_001;
        assertViolated("recovery: cell-2 serves through every router within 15 s");
    }

    @Test
    void failingFastFromToleratesOnePercentOfSlowAnswersAndNoMore() {
        List<Attempt> victims = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean slow = i == 0 || i == 1 || i == 50;
            victims.add(new Attempt(i * 10L, slow ? 1000 : 5, "victim", "circle", 503, true, null, null));
        }
        assertEquals(20, ChaosVerdict.failingFastFrom(victims), "1 slow of the 198 from 20 ms on: within 1 %");
        victims.set(150, new Attempt(1500, 1000, "victim", "circle", 503, true, null, null));
        assertEquals(510, ChaosVerdict.failingFastFrom(victims), "2 slow of 198 is too many: from after the first");
        assertEquals(Long.MAX_VALUE, ChaosVerdict.failingFastFrom(List.of(
                new Attempt(0, 5, "victim", "circle", 201, false, "x", null))), "a success is no fast failure");
    }

    @Test
    void attemptsStartedInTheSameMillisecondAreJudgedTogether() {
        // the run that found it: two slow attempts started at one moment, the cut fell between them, and the
        // answers counted as failing fast then held 4 slow of 309, which their p99 could not hide
        List<Attempt> victims = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            victims.add(new Attempt(1000 + i * 10L, 5, "victim", "circle", 503, true, null, null));
        }
        victims.add(new Attempt(990, 1000, "victim", "circle", 503, true, null, null));
        victims.add(new Attempt(990, 1000, "victim", "circle", 503, true, null, null));
        victims.add(new Attempt(1005, 1000, "victim", "circle", 503, true, null, null));
        victims.add(new Attempt(1015, 1000, "victim", "circle", 503, true, null, null));
        long from = ChaosVerdict.failingFastFrom(victims);
        List<Attempt> fast = victims.stream().filter(a -> a.startMs() >= from).toList();
        assertEquals(1000, from, "not from 990: with both attempts of 990 the rest holds 4 slow of 304");
        assertTrue(Stats.p99(fast) <= 100, "what counts as failing fast has a fast p99: " + Stats.p99(fast));
    }
}
