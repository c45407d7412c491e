package io.shapes.router.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shapes.router.cells.CellBreaker.Next;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** The breaker's decisions on a clock the test moves: by time, by ratio, and by what the cell says to a probe. */
class CellBreakerTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final CellBreaker breaker = new CellBreaker(new CellBreaker.Settings(1000 * MS, 0.5, 10, 2000 * MS),
            now::get);

    private void after(long ms) {
        now.addAndGet(ms * MS);
    }

    @Test
    void oneClientOnAHungCellOpensItAfterOneTimeoutAndOneProbe() {
        for (int i = 0; i < 20; i++) {
            breaker.succeeded();
            after(50);
        }
        after(1000); // the hung call's timeout: no success in the last second
        assertEquals(Next.PROBE, breaker.failed(), "the first timeout makes the cell suspect");
        assertTrue(breaker.allows(), "suspect is still closed: the probe decides");
        long probe = breaker.probeId();
        after(500);
        assertEquals(Next.PROBE_LATER, breaker.probed(probe, false), "the probe timed out too");
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertFalse(breaker.allows());
    }

    @Test
    void manyClientsOnAHungCellOpenItWithoutWaitingForTheProbe() {
        for (int i = 0; i < 9; i++) {
            assertEquals(i == 0 ? Next.PROBE : Next.NOTHING, breaker.failed(), "one probe at a time");
        }
        assertTrue(breaker.allows());
        assertEquals(Next.PROBE_LATER, breaker.failed(), "the tenth failure in the window opens it");
        assertEquals(Next.NOTHING, breaker.probed(1, true), "the suspect probe's late answer changes nothing");
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
    }

    @Test
    void aCellThatAnswersItsProbesButFailsItsCallsOpensAtTheTenthFailure() {
        for (int i = 0; i < 9; i++) {
            assertEquals(Next.PROBE, breaker.failed(), "failure " + (i + 1) + ": ask");
            assertEquals(Next.NOTHING, breaker.probed(breaker.probeId(), true), "the cell answers its probe");
            assertEquals(CircuitBreakerState.CLOSED, breaker.state());
            after(100);
        }
        assertEquals(Next.PROBE_LATER, breaker.failed(), "the tenth failure in the window opens it");
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
    }

    @Test
    void aSlowAnswerAmongManySuccessesIsNotSuspect() {
        for (int i = 0; i < 100; i++) {
            breaker.succeeded();
        }
        for (int i = 0; i < 40; i++) {
            assertEquals(Next.NOTHING, breaker.failed(), "40 failures of 140 are under the ratio");
        }
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    }

    @Test
    void successesOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 100; i++) {
            breaker.succeeded();
        }
        after(1100);
        assertEquals(Next.PROBE, breaker.failed(), "a second later the successes have left the window");
    }

    @Test
    void aSuspectCellThatAnswersItsProbeStaysClosedAndIsAskedAtMostOncePerSlot() {
        assertEquals(Next.PROBE, breaker.failed());
        assertEquals(Next.NOTHING, breaker.probed(breaker.probeId(), true));
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
        assertEquals(Next.NOTHING, breaker.failed(), "asked 0 ms ago");
        after(100);
        assertEquals(Next.PROBE, breaker.failed(), "asked a slot ago: ask again");
        assertTrue(breaker.allows());
    }

    @Test
    void anOpenBreakerProbesAfterItsDelayAndClosesOnAnAnswer() {
        openIt();
        after(1999);
        assertEquals(Next.NOTHING, breaker.startProbe(), "before the delay");
        assertEquals(1, breaker.retryAfterNanos() / MS, "clients come back when it asks the cell");
        after(1);
        assertEquals(Next.PROBE, breaker.startProbe());
        assertEquals(CircuitBreakerState.HALF_OPEN, breaker.state());
        assertFalse(breaker.allows(), "half-open spends no client's request on the cell: the probe asks");
        assertEquals(Next.NOTHING, breaker.probed(breaker.probeId(), true));
        assertEquals(CircuitBreakerState.CLOSED, breaker.state());
        assertTrue(breaker.allows());
        assertEquals(Next.PROBE, breaker.failed(),
                "the failures before it opened have left the window: suspect again, not open");
    }

    @Test
    void aFailedProbeWhileHalfOpenOpensItForAnotherDelay() {
        openIt();
        after(2000);
        assertEquals(Next.PROBE, breaker.startProbe());
        assertEquals(Next.PROBE_LATER, breaker.probed(breaker.probeId(), false));
        assertEquals(CircuitBreakerState.OPEN, breaker.state());
        assertEquals(2000, breaker.retryAfterNanos() / MS);
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CellBreaker.Settings(1000 * MS, 1.5, 10, 2000 * MS));
        assertTrue(e.getMessage().contains("failure ratio 1.5"), e.getMessage());
    }

    private void openIt() {
        assertEquals(Next.PROBE, breaker.failed());
        assertEquals(Next.PROBE_LATER, breaker.probed(breaker.probeId(), false));
    }
}
