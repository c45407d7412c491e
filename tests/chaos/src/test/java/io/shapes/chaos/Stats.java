package io.shapes.chaos;

import java.util.Arrays;
import java.util.List;

import io.shapes.workload.Attempt;

/** Success rate and latency of a set of attempts. */
record Stats(int attempts, int succeeded, double p50Ms, double p99Ms, double maxMs) {
    static Stats of(List<Attempt> attempts) {
        double[] latencies = attempts.stream().mapToDouble(Attempt::latencyMs).sorted().toArray();
        int ok = (int) attempts.stream().filter(Attempt::acknowledged).count();
        return new Stats(attempts.size(), ok, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
    }

    double successRate() {
        return attempts == 0 ? Double.NaN : (double) succeeded / attempts;
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    static double p99(List<Attempt> attempts) {
        double[] latencies = attempts.stream().mapToDouble(Attempt::latencyMs).toArray();
        Arrays.sort(latencies);
        return percentile(latencies, 0.99);
    }

    @Override
    public String toString() {
        return String.format("%d attempts, %.2f%% ok, p50 %.1f ms, p99 %.1f ms, max %.1f ms", attempts,
                successRate() * 100, p50Ms, p99Ms, maxMs);
    }
}
