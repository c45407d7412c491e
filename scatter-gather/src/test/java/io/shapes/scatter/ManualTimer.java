package io.shapes.scatter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A timer that moves only when told: {@link #advance} runs what has come due. */
final class ManualTimer implements Timer {
    private long now;
    private final List<Task> tasks = new ArrayList<>();

    private record Task(long due, Runnable action, boolean[] cancelled) {
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delay.toNanos(), task, cancelled));
        return () -> cancelled[0] = true;
    }

    void advance(Duration by) {
        List<Runnable> due = new ArrayList<>();
        synchronized (this) {
            now += by.toNanos();
            tasks.removeIf(task -> {
                if (task.cancelled()[0]) {
                    return true;
                }
                if (task.due() <= now) {
                    due.add(task.action());
                    return true;
                }
                return false;
            });
        }
        due.forEach(Runnable::run);
    }

    synchronized int scheduled() {
        return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
