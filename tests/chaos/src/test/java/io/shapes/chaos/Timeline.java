package io.shapes.chaos;

/**
 * When things happened in a scenario, in ms on the writers' clock: the recovery action starts at {@code healAt}
 * and is done (the process restarted and ready, the network healed, the split resumed) at {@code healedAt}.
 */
record Timeline(long baselineFrom, long faultAt, long healAt, long healedAt, long recoveredAt, long end) {
}
