package io.shapes.chaos;

import java.util.List;

import org.HdrHistogram.Histogram;

import io.shapes.workload.Attempt;
import io.shapes.workload.Latencies;

/** Success rate and latency of a set of attempts. */
record Stats(int attempts, int succeeded, double p50Ms, double p99Ms, double maxMs) {
    static Stats of(List<Attempt> attempts) {
        Histogram latencies = Latencies.of(attempts);
        int ok = (int) attempts.stream().filter(Attempt::acknowledged).count();
        return new Stats(attempts.size(), ok, Latencies.ms(latencies, 50), Latencies.ms(latencies, 99),
                attempts.stream().mapToDouble(Attempt::latencyMs).max().orElse(Double.NaN));
    }

    double successRate() {
        return attempts == 0 ? Double.NaN : (double) succeeded / attempts;
    }

    static double p99(List<Attempt> attempts) {
        return Latencies.ms(Latencies.of(attempts), 99);
    }

    @Override
    public String toString() {
        return String.format("%d attempts, %.2f%% ok, p50 %.1f ms, p99 %.1f ms, max %.1f ms", attempts,
                successRate() * 100, p50Ms, p99Ms, maxMs);
    }
}
