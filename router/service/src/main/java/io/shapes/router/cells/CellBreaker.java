package io.shapes.router.cells;

import java.util.function.LongSupplier;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * One cell's circuit breaker, deciding by time and by asking the cell (router README, "Failure detection"). It only
 * decides; {@link CellGuards} sends the probes it asks for and schedules the next one.
 * <ul>
 * <li><b>Closed</b>: outcomes of the last {@code window} are counted. A failure while failures are at least
 * {@code failureRatio} of them makes the cell suspect: one probe (a cheap health request with a short timeout) asks
 * the cell at once, while calls go on, and the breaker opens if the probe is not answered either. With
 * {@code failuresToOpen} such failures in the window it opens without asking.
 * <li><b>Open</b>: every call is refused until {@code delay} has passed; then the breaker goes half-open.
 * <li><b>Half-open</b>: calls are still refused while one probe asks the cell; no client's request is spent on a
 * cell that may be dead. The probe's answer closes the breaker; its failure opens it for another {@code delay}.
 * </ul>
 * So a hung cell's breaker opens one cell timeout plus one probe timeout after the cell hangs, whether one client or
 * a hundred call it, and a slow answer of a healthy cell (which answers its probe) opens nothing.
 * Thread-safe: every method holds the breaker's lock for a few field updates.
 */
final class CellBreaker {
    /** What {@link CellGuards} does after telling the breaker something. */
    enum Next {
        NOTHING,
        /** Send probe {@link #probeId()} now. */
        PROBE,
        /** The breaker opened: call {@link #startProbe()} once {@link #retryAfterNanos()} has passed. */
        PROBE_LATER
    }

    /** The settings, checked: a window of at least 100 ms, a ratio in (0, 1], at least one failure, a delay. */
    record Settings(long windowNanos, double failureRatio, int failuresToOpen, long delayNanos) {
        Settings {
            if (windowNanos < Window.SLOT_NANOS || !(failureRatio > 0 && failureRatio <= 1) || failuresToOpen < 1
                    || delayNanos <= 0) {
                throw new IllegalArgumentException("breaker settings out of range: window " + windowNanos
                        + " ns, failure ratio " + failureRatio + ", failures to open " + failuresToOpen + ", delay "
                        + delayNanos + " ns");
            }
        }
    }

    private final Settings settings;
    private final LongSupplier clock;
    private final Window window;
    private CircuitBreakerState state = CircuitBreakerState.CLOSED;
    private long openUntil;
    /** The probe whose answer counts; answers of earlier probes are ignored. 0: none outstanding. */
    private long probe;
    private long probes;
    /** When a closed breaker last asked a suspect cell: at most once per slot of the window. */
    private long suspectedAt;
    private boolean suspected;

    CellBreaker(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.clock = nanoClock;
        this.window = new Window((int) Math.max(1, settings.windowNanos() / Window.SLOT_NANOS));
    }

    synchronized CircuitBreakerState state() {
        return state;
    }

    /** Whether a call may go to the cell now. */
    synchronized boolean allows() {
        return state == CircuitBreakerState.CLOSED;
    }

    /** While not closed: how long until the breaker asks the cell again (0 when it is asking now). */
    synchronized long retryAfterNanos() {
        return state == CircuitBreakerState.OPEN ? Math.max(0, openUntil - clock.getAsLong()) : 0;
    }

    synchronized long probeId() {
        return probe;
    }

    synchronized void succeeded() {
        if (state == CircuitBreakerState.CLOSED) {
            window.add(clock.getAsLong(), false);
        }
    }

    synchronized Next failed() {
        if (state != CircuitBreakerState.CLOSED) {
            return Next.NOTHING;
        }
        long now = clock.getAsLong();
        window.add(now, true);
        int failures = window.failures(now);
        if (failures < settings.failureRatio() * window.total(now)) {
            return Next.NOTHING;
        }
        if (failures >= settings.failuresToOpen()) {
            open(now);
            return Next.PROBE_LATER;
        }
        if (probe != 0 || suspected && now - suspectedAt < Window.SLOT_NANOS) {
            return Next.NOTHING; // asking already, or just asked
        }
        suspected = true;
        suspectedAt = now;
        probe = ++probes;
        return Next.PROBE;
    }

    /** Once open for {@code delay}: goes half-open and asks for a probe; otherwise nothing. */
    synchronized Next startProbe() {
        if (state != CircuitBreakerState.OPEN || clock.getAsLong() < openUntil) {
            return Next.NOTHING;
        }
        return halfOpen();
    }

    /** The answer of probe {@code id}: whether the cell answered it in time. */
    synchronized Next probed(long id, boolean answered) {
        if (id == 0 || id != probe) {
            return Next.NOTHING;
        }
        probe = 0;
        long now = clock.getAsLong();
        if (!answered) {
            open(now);
            return Next.PROBE_LATER;
        }
        // the window keeps its failures: a cell that answers its probes but fails its calls reaches failuresToOpen
        state = CircuitBreakerState.CLOSED;
        return Next.NOTHING;
    }

    private Next halfOpen() {
        state = CircuitBreakerState.HALF_OPEN;
        probe = ++probes;
        return Next.PROBE;
    }

    private void open(long now) {
        state = CircuitBreakerState.OPEN;
        openUntil = now + settings.delayNanos();
        probe = 0;
    }

    /** Counts of successes and failures in slots of 100 ms, over the last {@code slots} of them. */
    static final class Window {
        static final long SLOT_NANOS = 100_000_000L;
        private final long[] slotOf;
        private final int[] failures;
        private final int[] successes;

        Window(int slots) {
            slotOf = new long[slots];
            failures = new int[slots];
            successes = new int[slots];
            java.util.Arrays.fill(slotOf, Long.MIN_VALUE);
        }

        void add(long now, boolean failure) {
            long slot = Math.floorDiv(now, SLOT_NANOS);
            int i = (int) Math.floorMod(slot, slotOf.length);
            if (slotOf[i] != slot) {
                slotOf[i] = slot;
                failures[i] = 0;
                successes[i] = 0;
            }
            if (failure) {
                failures[i]++;
            } else {
                successes[i]++;
            }
        }

        int failures(long now) {
            return sum(now, failures);
        }

        int total(long now) {
            return sum(now, failures) + sum(now, successes);
        }

        private int sum(long now, int[] counts) {
            long current = Math.floorDiv(now, SLOT_NANOS);
            int sum = 0;
            for (int i = 0; i < slotOf.length; i++) {
                if (slotOf[i] != Long.MIN_VALUE && slotOf[i] > current - slotOf.length && slotOf[i] <= current) {
                    sum += counts[i];
                }
            }
            return sum;
        }
    }
}
