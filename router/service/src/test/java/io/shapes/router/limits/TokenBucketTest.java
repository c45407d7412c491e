package io.shapes.router.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The bucket on a clock the test moves: a second's worth at most, refilled at its rate, never in advance. */
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(42 * 1000 * MS);

    @Test
    void aFullBucketGivesOneSecondsWorthThenRefusesUntilItRefills() {
        TokenBucket bucket = new TokenBucket(10, now::get);
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryAcquire(), "token " + (i + 1) + " of a full bucket of 10");
        }
        assertFalse(bucket.tryAcquire(), "the 11th within the same instant is refused");
        assertEquals(100, bucket.millisUntilNext(), "at 10 a second the next token comes in 100 ms");
        now.addAndGet(99 * MS);
        assertFalse(bucket.tryAcquire(), "99 ms later: not yet");
        now.addAndGet(1 * MS);
        assertTrue(bucket.tryAcquire(), "100 ms later: one token");
        assertFalse(bucket.tryAcquire());
    }

    @Test
    void anIdleBucketHoldsAtMostOneSecondsWorth() {
        TokenBucket bucket = new TokenBucket(5, now::get);
        now.addAndGet(60_000 * MS);
        int granted = 0;
        while (bucket.tryAcquire()) {
            granted++;
        }
        assertEquals(5, granted, "a minute idle saves no more than the capacity");
    }

    @Test
    void aCostAboveTheCapacityTakesTheWholeBucketOnceASecond() {
        TokenBucket bucket = new TokenBucket(4, now::get);
        assertTrue(bucket.tryAcquire(16), "an expensive call is possible at all");
        assertFalse(bucket.tryAcquire(), "and it emptied the bucket");
        assertEquals(1000, bucket.millisUntil(16), "the next one in a second");
        now.addAndGet(999 * MS);
        assertFalse(bucket.tryAcquire(16));
        now.addAndGet(1 * MS);
        assertTrue(bucket.tryAcquire(16));
    }

    @Test
    void aCostIsTakenWholeOrNotAtAll() {
        TokenBucket bucket = new TokenBucket(10, now::get);
        assertTrue(bucket.tryAcquire(7));
        assertFalse(bucket.tryAcquire(4), "3 tokens left: a cost of 4 is refused");
        assertTrue(bucket.tryAcquire(3), "and took nothing: the 3 are still there");
    }

    @Test
    void aRateBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, now::get));
        assertEquals("rate must be > 0, was 0", e.getMessage());
    }
}
