package io.shapes.web;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * The audit trail of refused credentials: each one is counted, and logged (tenant in the path, client address,
 * reason; never the key) at most once per {@code interval}, with how many were not logged since. A flood of bad
 * keys therefore costs a counter increment, not a log line each.
 */
public final class FailedAuthentications {
    private static final Logger AUDIT = Logger.getLogger("io.shapes.audit");
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Runnable counter;
    private final AtomicLong nextLogAt;
    private final AtomicLong suppressed = new AtomicLong();

    /** {@code counter} runs for every failure (a metric); {@code nanoClock} is injectable for tests. */
    public FailedAuthentications(long intervalMillis, LongSupplier nanoClock, Runnable counter) {
        this.intervalNanos = intervalMillis * 1_000_000;
        this.nanoClock = nanoClock;
        this.counter = counter;
        this.nextLogAt = new AtomicLong(nanoClock.getAsLong());
    }

    /** Records a refused credential; returns whether this one was logged. */
    public boolean record(String reason, String tenant, String client) {
        counter.run();
        long now = nanoClock.getAsLong();
        long due = nextLogAt.get();
        if (now - due < 0 || !nextLogAt.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long skipped = suppressed.getAndSet(0);
        AUDIT.warnf("authentication failed: %s; tenant=%s client=%s%s", reason, tenant == null ? "-" : tenant,
                client, skipped == 0 ? "" : " (" + skipped + " more since the last line)");
        return true;
    }
}
