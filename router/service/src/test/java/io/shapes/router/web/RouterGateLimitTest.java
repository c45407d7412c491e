package io.shapes.router.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

import org.junit.jupiter.api.Test;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.shapes.router.config.RouterConfig;

/**
 * The router-wide limit at its defaults, on a simulated clock: requests arrive at a fixed rate and take a given time,
 * and during a pause behind the router every request waits for the pause to end.
 */
class RouterGateLimitTest {
    private static final long MS = 1_000_000L;

    record Limits(int initialConcurrency, int maxConcurrency, int minConcurrency) implements RouterConfig.Limits {
        static final Limits DEFAULTS = new Limits(256, 2048, 128);

        @Override
        public int tenantRatePerSecond() {
            return 2000;
        }
    }

    /** What a simulated run saw: requests refused, and the limit at its end. */
    record Run(long shed, int finalLimit) {
    }

    /** When the pause that holds a request arriving at {@code ms} ends ({@code ms} itself if there is none). */
    interface Pauses {
        long endOfPauseAt(long ms);

        /** A first pause of {@code firstMs} at 5 s, then one of {@code thenMs} every 10 s. */
        static Pauses startingWith(long firstMs, long thenMs) {
            return ms -> {
                long start = ms < 10_000 ? 5_000 : ms - ms % 10_000;
                long end = start + (ms < 10_000 ? firstMs : thenMs);
                return ms >= start && ms < end ? end : ms;
            };
        }
    }

    /**
     * {@code perSecond} arrivals for {@code durationMs}, each taking {@code latencyMs(ms)}, or longer when a pause
     * holds it.
     */
    private static Run simulate(Limits limits, int perSecond, java.util.function.LongUnaryOperator latencyMs,
            Pauses pauses, long durationMs) {
        long[] now = {0};
        SimpleLimiter<Void> limiter = RouterGate.limiter(limits, () -> now[0]);
        record InFlight(long doneAt, Limiter.Listener listener) {
        }
        PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.doneAt, b.doneAt));
        long shed = 0;
        double arrivalsDue = 0;
        for (long ms = 0; ms < durationMs; ms++) {
            now[0] = ms * MS;
            while (!inFlight.isEmpty() && inFlight.peek().doneAt <= now[0]) {
                inFlight.poll().listener().onSuccess();
            }
            arrivalsDue += perSecond / 1000.0;
            for (; arrivalsDue >= 1; arrivalsDue--) {
                Optional<Limiter.Listener> admitted = limiter.acquire(null);
                if (admitted.isEmpty()) {
                    shed++;
                    continue;
                }
                long done = Math.max(ms + latencyMs.applyAsLong(ms), pauses.endOfPauseAt(ms));
                inFlight.add(new InFlight(done * MS, admitted.get()));
            }
        }
        return new Run(shed, limiter.getLimit());
    }

    /**
     * Light load: 150 requests a second of 10 ms; a stall of 1 s at the start (as long as a cell can hold a request), then
     * one of 300 ms every 10 s.
     */
    private static Run lightLoadWithPauses(Limits limits) {
        return simulate(limits, 150, ms -> 10, Pauses.startingWith(1_000, 300), 600_000);
    }

    @Test
    void pausesBehindARouterAtLightLoadShedNothing() {
        Run run = lightLoadWithPauses(Limits.DEFAULTS);

        assertEquals(0, run.shed(), "requests refused at light load");
        assertTrue(run.finalLimit() < 140, "the stall lowers the limit to about its floor and nothing raises it again: "
                + run);
    }

    @Test
    void aFloorTooLowShedsAtLightLoad() {
        // the library's own floor, 20: after the stall, every pause of 300 ms (45 requests in flight) sheds
        Run run = lightLoadWithPauses(new Limits(256, 2048, 20));

        assertTrue(run.shed() > 0, "a floor of 20 sheds nothing: " + run);
    }

    @Test
    void aSuddenSlowdownUnderLoadIsShed() {
        // 3,000 requests a second of 10 ms; after 10 s each takes 100 ms: 300 in flight where there were 30
        Run run = simulate(Limits.DEFAULTS, 3_000, ms -> ms < 10_000 ? 10 : 100, ms -> ms, 20_000);

        assertTrue(run.shed() > 0, "nothing refused when the work behind the router slowed tenfold: " + run);
    }

    @Test
    void limitsOutOfOrderAreRefusedAtStart() {
        List<Limits> wrong = new ArrayList<>(List.of(new Limits(256, 2048, 0), new Limits(100, 2048, 128),
                new Limits(256, 200, 128)));
        for (Limits limits : wrong) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RouterGate.limiter(limits,
                    System::nanoTime));
            assertTrue(e.getMessage().startsWith("shapes.router.limits: need 1 <= min-concurrency"), e.getMessage());
        }
    }
}
