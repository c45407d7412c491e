package io.shapes.chaos;

import java.time.Instant;

/**
 * When things happened in a scenario, in ms on the writers' clock, which started at {@code clientsStarted} (to
 * line the history up with the processes' logs): the recovery action starts at {@code healAt} and is done (the
 * process restarted and ready, the network healed, the split resumed) at {@code healedAt}.
 */
record Timeline(Instant clientsStarted, long baselineFrom, long faultAt, long healAt, long healedAt, long recoveredAt,
        long end) {
}
