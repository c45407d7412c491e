package io.shapes.cell.data;

import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.runtime.StartupEvent;
import io.shapes.cell.config.CellConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The cell's fixed size. A write reserves a slot before it touches the database and gives it back if it stored
 * nothing, so concurrent writers can never overshoot. The stored rows are a cache of the database's own count: read
 * at start and again every {@link #RESYNC_MS} ms, so that a drift (a request cancelled after its write committed, or
 * rows changed by hand) does not outlive a few seconds.
 */
@Singleton
public class Capacity {
    static final long RESYNC_MS = 10_000;
    private final long capacity;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();

    public Capacity(CellConfig config) {
        this.capacity = config.capacity();
    }

    void load(@Observes @Priority(20) StartupEvent event, ShapeStore store, Vertx vertx) {
        committed.set(store.storedRows().await().indefinitely());
        vertx.setPeriodic(RESYNC_MS, timer -> store.storedRows().subscribe().with(committed::set, failure -> {
            // the database does not answer: keep the count we have, the next look tries again
        }));
    }

    /** Takes one slot; false (and nothing taken) if the cell is full. */
    public boolean tryReserve() {
        if (reserved.incrementAndGet() + committed.get() > capacity) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    /** The reserved slot now holds a stored row. */
    public void commit() {
        committed.incrementAndGet();
        reserved.decrementAndGet();
    }

    /** The reserved slot stored nothing (or it is not known: the resync corrects it). */
    public void release() {
        reserved.decrementAndGet();
    }

    /** Rows that arrived (import) or left (delete) outside the put path. */
    public void adjust(long delta) {
        committed.addAndGet(delta);
    }

    public long stored() {
        return committed.get() + reserved.get();
    }

    public long capacity() {
        return capacity;
    }

    public double fillRatio() {
        return (double) stored() / capacity;
    }
}
