package io.shapes.cell.ownership;

import java.util.concurrent.atomic.AtomicIntegerArray;

import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;

/**
 * Counts writes under way per bucket, so that a fence can wait for the writes that passed the ownership check
 * before the fence became visible. A writer enters <em>before</em> it checks ownership; the fencer publishes the
 * fence <em>before</em> it reads the counters: with both sides sequentially consistent, no write slips through.
 */
public final class InFlightWrites {
    private final AtomicIntegerArray perBucket = new AtomicIntegerArray(Buckets.COUNT);

    public void enter(int bucket) {
        perBucket.incrementAndGet(bucket);
    }

    public void exit(int bucket) {
        perBucket.decrementAndGet(bucket);
    }

    public int inRange(BucketRange range) {
        int total = 0;
        for (int b = range.from(); b < range.to(); b++) {
            total += perBucket.get(b);
        }
        return total;
    }
}
