package io.shapes.cell.ownership;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.service.CellErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

/**
 * Where a write to a fenced bucket waits for the fence to lift (a split's switch, or its abort) instead of going back
 * to the router at once. Answered "moving", the router would retry it every few tens of milliseconds, and the
 * retries of every write of the range would load the very cell whose calls make up the write pause. A write waits
 * here once, for {@code fence-hold-ms} at most, and at most {@code fence-hold-max-writes} wait at a time (they hold
 * a slot of the router's bulkhead for this cell); any other is answered "moving" as before.
 */
@Singleton
public class FenceHold {
    /** The shortest wait a timer takes: a write with less left is answered at once. */
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final CellConfig config;
    private final CellErrors errors;
    private final AtomicInteger held = new AtomicInteger();

    public FenceHold(CellConfig config, CellErrors errors) {
        this.config = config;
        this.errors = errors;
    }

    /** When a write arriving now stops waiting at a fence. */
    public long deadlineFromNow() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.fenceHoldMs());
    }

    /**
     * Completes, on the caller's Vert.x context, when {@code change} does or at {@code deadline}; fails with "moving"
     * at once when the deadline has passed or too many writes wait already. The caller then looks at the bucket again.
     */
    public Uni<Void> untilChanged(int bucket, CompletionStage<Void> change, long deadline) {
        long left = deadline - System.nanoTime();
        if (left < MIN_WAIT_NANOS) {
            return Uni.createFrom().failure(errors.moving(bucket));
        }
        if (held.incrementAndGet() > config.fenceHoldMaxWrites()) {
            held.decrementAndGet();
            return Uni.createFrom().failure(errors.moving(bucket));
        }
        Context context = Vertx.currentContext();
        // a copy of its own: a write that stops waiting cancels its copy, never the signal the others wait for
        Uni<Void> changed = Uni.createFrom().completionStage(change.toCompletableFuture().copy())
                .ifNoItem().after(Duration.ofNanos(left)).recoverWithItem((Void) null)
                .onTermination().invoke(held::decrementAndGet);
        return context == null ? changed : changed.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
