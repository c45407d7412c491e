package io.shapes.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * A baseline and a candidate measured in alternating rounds of the same run, so that machine noise hits both;
 * the figure reported is the median round of each and their ratio.
 */
public final class SideBySide {
    private final List<ClosedLoop.Result> baseline = new ArrayList<>();
    private final List<ClosedLoop.Result> candidate = new ArrayList<>();
    /** CPU ms per operation of each watched process, for each run. */
    private final Map<ClosedLoop.Result, Map<String, Double>> processCpu = new IdentityHashMap<>();

    public static SideBySide measure(int rounds, Supplier<ClosedLoop.Result> baselineRun,
            Supplier<ClosedLoop.Result> candidateRun, Progress progress, String what) {
        return measure(rounds, baselineRun, candidateRun, progress, what, new ProcessSet());
    }

    /** As {@link #measure(int, Supplier, Supplier, Progress, String)}, reading each of {@code watched}'s CPU around each run. */
    public static SideBySide measure(int rounds, Supplier<ClosedLoop.Result> baselineRun,
            Supplier<ClosedLoop.Result> candidateRun, Progress progress, String what, ProcessSet watched) {
        SideBySide result = new SideBySide();
        for (int round = 1; round <= rounds; round++) {
            result.baseline.add(result.watch(baselineRun, watched));
            progress.step(what + " round " + round + "/" + rounds + " baseline: " + result.describeWithProcesses(
                    last(result.baseline)));
            result.candidate.add(result.watch(candidateRun, watched));
            progress.step(what + " round " + round + "/" + rounds + " candidate: " + result.describeWithProcesses(
                    last(result.candidate)));
        }
        return result;
    }

    private ClosedLoop.Result watch(Supplier<ClosedLoop.Result> run, ProcessSet watched) {
        Map<String, Double> before = watched.cpuMs();
        ClosedLoop.Result result = run.get();
        processCpu.put(result, ProcessSet.perOperation(before, watched.cpuMs(), result.operations()));
        return result;
    }

    /** A report cell: CPU ms per operation by process in the median baseline round, then the median candidate round. */
    public String processCpuColumn() {
        return byProcess(medianBaseline()) + " → " + byProcess(medianCandidate());
    }

    /** CPU ms per operation of each watched process in {@code run}. */
    public Map<String, Double> processCpu(ClosedLoop.Result run) {
        return processCpu.getOrDefault(run, Map.of());
    }

    private String byProcess(ClosedLoop.Result run) {
        return processCpu(run).entrySet().stream().map(e -> String.format("%s %.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private String describeWithProcesses(ClosedLoop.Result run) {
        String processes = byProcess(run);
        return describe(run) + (processes.isEmpty() ? "" : "; CPU ms/op " + processes);
    }

    public ClosedLoop.Result medianBaseline() {
        return median(baseline);
    }

    public ClosedLoop.Result medianCandidate() {
        return median(candidate);
    }

    /** Candidate throughput over baseline throughput, medians of the rounds. */
    public double throughputRatio() {
        return medianCandidate().throughput() / medianBaseline().throughput();
    }

    /** A report cell: CPU milliseconds per operation (whole machine), baseline then candidate, "0.21 / 0.43". */
    public String cpuColumn() {
        return String.format("%.2f / %.2f", medianBaseline().cpuMsPerOperation(), medianCandidate().cpuMsPerOperation());
    }

    public long errors() {
        return baseline.stream().mapToLong(ClosedLoop.Result::errors).sum()
                + candidate.stream().mapToLong(ClosedLoop.Result::errors).sum();
    }

    static String describe(ClosedLoop.Result r) {
        return String.format("%.0f ops/s, p50 %.2f ms, p99 %.2f ms, %d errors%s, CPU %.2f ms/op (%.0f %% busy)",
                r.throughput(), r.p50Ms(), r.p99Ms(), r.errors(),
                r.firstErrors().isEmpty() ? "" : " (" + String.join("; ", r.firstErrors()) + ")",
                r.cpuMsPerOperation(), 100 * r.cpuBusy());
    }

    private static ClosedLoop.Result median(List<ClosedLoop.Result> results) {
        List<ClosedLoop.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(ClosedLoop.Result::throughput));
        return sorted.get(sorted.size() / 2);
    }

    private static ClosedLoop.Result last(List<ClosedLoop.Result> results) {
        return results.get(results.size() - 1);
    }
}
