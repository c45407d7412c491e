package io.shapes.bench;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.Future;

/**
 * Closed-loop load: {@code concurrency} clients, each sending its next request as soon as the previous one is
 * answered, for a fixed time. Latencies go into an HdrHistogram (microseconds). Never blocks an event loop.
 */
public final class ClosedLoop {
    private ClosedLoop() {
    }

    /** What one run measured. */
    public record Result(String name, long operations, long errors, double seconds, Histogram latencyMicros,
            double busyCpuMs, List<String> firstErrors) {
        public double throughput() {
            return operations / seconds;
        }

        public double p50Ms() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Ms() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }

        /** CPU milliseconds the whole machine spent per operation during the run (all processes, all cores). */
        public double cpuMsPerOperation() {
            return busyCpuMs / Math.max(1, operations);
        }

        /** Share of the machine's cores that were busy during the run, 0 … 1. */
        public double cpuBusy() {
            return busyCpuMs / (seconds * 1000.0 * Runtime.getRuntime().availableProcessors());
        }
    }

    public static Result run(String name, int concurrency, Duration duration, Supplier<Future<?>> operation) {
        Histogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        Errors errors = new Errors();
        CountDownLatch finished = new CountDownLatch(concurrency);
        double cpuAtStart = MachineCpu.busyMs();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            next(operation, histogram, errors, finished, end);
        }
        try {
            if (!finished.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": clients did not finish within the run time plus 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(name, histogram.getTotalCount(), errors.count.sum(), seconds, histogram,
                MachineCpu.busyMs() - cpuAtStart, List.copyOf(errors.first));
    }

    private static void next(Supplier<Future<?>> operation, Histogram histogram, Errors errors,
            CountDownLatch finished, long end) {
        long sent = System.nanoTime();
        operation.get().onComplete(outcome -> {
            long now = System.nanoTime();
            if (outcome.succeeded()) {
                histogram.recordValue(Math.max(1, (now - sent) / 1000));
            } else {
                errors.add(outcome.cause());
            }
            if (now < end) {
                next(operation, histogram, errors, finished, end);
            } else {
                finished.countDown();
            }
        });
    }

    /** How many operations failed, and the first few distinct reasons, so that a report can say what they were. */
    private static final class Errors {
        private static final int KEPT = 3;
        final LongAdder count = new LongAdder();
        final Set<String> first = ConcurrentHashMap.newKeySet();

        void add(Throwable cause) {
            count.increment();
            if (first.size() < KEPT) {
                first.add(String.valueOf(cause));
            }
        }
    }
}
