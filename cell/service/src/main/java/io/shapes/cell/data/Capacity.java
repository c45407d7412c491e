package io.shapes.cell.data;

import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.runtime.StartupEvent;
import io.shapes.cell.config.CellConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The cell's fixed size. A write reserves a slot before it touches the database and gives it back if it stored
 * nothing, so concurrent writers can never overshoot. Starts from the stored counts.
 */
@Singleton
public class Capacity {
    private final long capacity;
    private final AtomicLong stored = new AtomicLong();

    public Capacity(CellConfig config) {
        this.capacity = config.capacity();
    }

    void load(@Observes @Priority(20) StartupEvent event, ShapeStore store) {
        stored.set(store.storedRows().await().indefinitely());
    }

    /** Takes one slot; false (and nothing taken) if the cell is full. */
    public boolean tryReserve() {
        if (stored.incrementAndGet() > capacity) {
            stored.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release() {
        stored.decrementAndGet();
    }

    /** Rows that arrived (import) or left (delete) outside the put path. */
    public void adjust(long delta) {
        stored.addAndGet(delta);
    }

    public long stored() {
        return stored.get();
    }

    public long capacity() {
        return capacity;
    }

    public double fillRatio() {
        return (double) stored.get() / capacity;
    }
}
