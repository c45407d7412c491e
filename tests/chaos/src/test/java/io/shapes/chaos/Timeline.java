package io.shapes.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.shapes.workload.Writers;

/**
 * When things happened in a scenario, in ms on the writers' clock, which started at {@code clientsStarted} (to
 * line the history up with the processes' logs): the recovery action starts at {@code healAt} and is done (the
 * process restarted and ready, the network healed, the split resumed) at {@code healedAt}.
 */
record Timeline(Instant clientsStarted, long baselineFrom, long faultAt, long healAt, long healedAt, long recoveredAt,
        long end) {
    /** Load before the fault: the baseline the fault is compared with ({@code -Dchaos.baseline-seconds}). */
    static final Duration BASELINE = Duration.ofSeconds(Long.getLong("chaos.baseline-seconds", 20));
    /** Load after the recovery, for the chart. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    /**
     * Plays {@code scenario} on {@code stage} while {@code writers} write: the baseline, the fault for as long as it
     * lasts, the recovery action, then {@code awaitRecovery} (the writers' time when the failed cell serves again).
     */
    static Timeline of(Writers writers, Scenario scenario, Stage stage, Callable<Long> awaitRecovery)
            throws Exception {
        long baselineFrom = writers.elapsedMs();
        Thread.sleep(BASELINE.toMillis());
        long faultAt = writers.elapsedMs();
        scenario.inject(stage);
        long injectedAt = writers.elapsedMs();
        Thread.sleep(Math.max(0, scenario.lasts().toMillis() - (injectedAt - faultAt)));
        long healAt = writers.elapsedMs();
        scenario.heal(stage);
        long healedAt = writers.elapsedMs();
        long recoveredAt = awaitRecovery.call();
        Thread.sleep(SETTLE.toMillis());
        return new Timeline(writers.startedAt(), baselineFrom, faultAt, healAt, healedAt, recoveredAt,
                writers.elapsedMs());
    }
}
