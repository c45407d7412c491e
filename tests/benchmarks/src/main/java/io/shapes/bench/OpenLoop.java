package io.shapes.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.Future;

/**
 * Open-loop load: requests arrive at a constant rate whatever the answers do, as users of a service arrive. Each
 * request has an intended start time ({@code start + i / rate}); its latency is measured from that time, not from
 * when it was actually sent, so a stalled service or a lagging generator shows in the figures instead of silently
 * slowing the load down (no coordinated omission). Latencies go into HdrHistograms (microseconds), one for admitted
 * requests and one for requests the service refused on purpose (load shedding, rate limits).
 */
public final class OpenLoop {
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private OpenLoop() {
    }

    /** How the service treated one request. */
    public enum Outcome {
        /** Answered with success. */
        ADMITTED,
        /** Refused at once on purpose ({@code 503 overloaded}, {@code 429}). */
        REFUSED,
        /** Anything else: an error status, a timeout, a broken connection. */
        FAILED
    }

    /** What one run at one rate measured. */
    public record Result(String name, double offeredPerSecond, double seconds, long sent, long failed,
            Histogram admittedMicros, Histogram refusedMicros, long maxLagMicros) {
        public long admitted() {
            return admittedMicros.getTotalCount();
        }

        public long refused() {
            return refusedMicros.getTotalCount();
        }

        public double admittedPerSecond() {
            return admitted() / seconds;
        }

        public double admittedMs(double percentile) {
            return admittedMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        public double refusedMs(double percentile) {
            return refusedMicros.getTotalCount() == 0 ? Double.NaN : refusedMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * Sends {@code perSecond} requests a second for {@code duration} from one pacing thread, then waits (at most 30 s)
     * for the answers of every request sent.
     */
    public static Result run(String name, double perSecond, Duration duration, Supplier<Future<Outcome>> operation) {
        Histogram admitted = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram refused = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        LongAdder failed = new LongAdder();
        long intervalNanos = (long) (1e9 / perSecond);
        long total = Math.max(1, (long) (perSecond * duration.toNanos() / 1e9));
        AtomicLong unanswered = new AtomicLong(total);
        CompletableFuture<Void> allAnswered = new CompletableFuture<>();
        long start = System.nanoTime();
        long maxLag = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long early = intended - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - intended);
            operation.get().onComplete(answer -> {
                long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
                Outcome outcome = answer.succeeded() ? answer.result() : Outcome.FAILED;
                switch (outcome) {
                    case ADMITTED -> admitted.recordValue(Math.min(micros, admitted.getHighestTrackableValue()));
                    case REFUSED -> refused.recordValue(Math.min(micros, refused.getHighestTrackableValue()));
                    case FAILED -> failed.increment();
                }
                if (unanswered.decrementAndGet() == 0) {
                    allAnswered.complete(null);
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            allAnswered.get(DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": " + unanswered.get() + " answers still missing "
                    + DRAIN.toSeconds() + " s after the run");
        } catch (ExecutionException e) {
            throw new IllegalStateException(name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return new Result(name, perSecond, seconds, total, failed.sum(), admitted, refused, maxLag / 1000);
    }
}
