package io.shapes.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.shapes.workload.Attempt;

/** The success rate and percentiles the chaos verdict rests on, on histories whose answers are known. */
class StatsTest {
    private static Attempt attempt(double ms, int status) {
        return new Attempt(0, ms, "t", "circle", status, false, status == 201 ? "id" : null, null);
    }

    @Test
    void theP99OfAThousandIsTheTenthSlowestAndFailuresCount() {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            attempts.add(attempt(i, i % 100 == 0 ? 503 : 201));
        }
        Stats stats = Stats.of(attempts);
        assertEquals(1000, stats.attempts());
        assertEquals(990, stats.succeeded());
        assertEquals(0.99, stats.successRate(), 1e-9);
        assertEquals(990, stats.p99Ms(), 1, "p99 of 1..1000 ms");
        assertEquals(500, stats.p50Ms(), 1);
        assertEquals(1000, stats.maxMs());
    }

    @Test
    void aFewSlowAnswersOutsideTheTopPercentDoNotMoveTheP99ButMoreDo() {
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            attempts.add(attempt(i < 10 ? 2000 : 10, 201));
        }
        assertEquals(10, Stats.p99(attempts), 0.1, "10 slow of 1,000 stay above the 99th percentile");
        attempts.set(10, attempt(2000, 201));
        assertEquals(2000, Stats.p99(attempts), 2, "the 11th slow one is the 99th percentile");
    }

    @Test
    void noAttemptsHaveNoRateRatherThanAPerfectOne() {
        Stats stats = Stats.of(List.of());
        assertTrue(Double.isNaN(stats.successRate()), "no attempts is no evidence of success");
        assertTrue(Double.isNaN(stats.p99Ms()));
    }
}
