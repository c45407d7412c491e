package io.shapes.scatter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Time as the library sees it: a monotonic clock and a way to run something later. Injected, so that tests drive
 * deadlines by hand instead of sleeping.
 */
public interface Timer {
    /** Monotonic nanoseconds. */
    long nanoTime();

    /** Runs {@code task} once {@code delay} has passed; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** Real time, with one daemon thread for deadlines. */
    static Timer system() {
        return SystemTimer.INSTANCE;
    }

    /** Real scheduling with another clock (for measurements). */
    static Timer of(LongSupplier clock, ScheduledExecutorService scheduler) {
        return new Timer() {
            @Override
            public long nanoTime() {
                return clock.getAsLong();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                var future = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }

    /** Holder for the process-wide real timer. */
    final class SystemTimer {
        static final Timer INSTANCE = of(System::nanoTime, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "scatter-gather-deadlines");
            thread.setDaemon(true);
            return thread;
        }));

        private SystemTimer() {
        }
    }
}
