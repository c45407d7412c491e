package io.shapes.workload;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** The latencies of attempts as an HdrHistogram (microseconds, 3 significant digits): one way to take percentiles. */
public final class Latencies {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private Latencies() {
    }

    public static Histogram of(Collection<Attempt> attempts) {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        for (Attempt attempt : attempts) {
            histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(attempt.latencyMs() * 1000))));
        }
        return histogram;
    }

    /** The {@code percentile} (0–100) in milliseconds; NaN for no attempts. */
    public static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
