package io.shapes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.knowm.xchart.XYChart;

import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Issue "benchmarks", scenario 4: the latency of a scattered count (the admin's global count of one type, which
 * asks every cell) over deployments of 1, 2, 4 and 8 cells, one client, median of the rounds. The one-cell
 * deployment is the baseline the others are divided by.
 */
public final class ScatterBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final List<Integer> FAN_OUTS = List.of(1, 2, 4, 8);
    private static final Duration WARM_UP_PER_CELL = Duration.ofSeconds(10);
    private static final List<String> JVM = List.of("-Xms128m", "-Xmx512m");

    public static void main(String[] args) {
        BenchmarkMain.run(ScatterBenchmark::run);
    }

    private static void run() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/scatter-" + Report.stamp());
        Progress progress = new Progress(ROUND.multipliedBy(ROUNDS * FAN_OUTS.size()).plusSeconds(60L * FAN_OUTS.size())
                .plus(WARM_UP_PER_CELL.multipliedBy(FAN_OUTS.stream().mapToInt(ScatterBenchmark::warmUpCells).sum())));
        Map<Integer, ClosedLoop.Result> scatter = new LinkedHashMap<>();
        for (int cells : FAN_OUTS) {
            progress.step("starting " + cells + " cell(s) and a router");
            try (LocalDeployment deployment = LocalDeployment.start(dir.resolve(cells + "-cells"), LocalDeployment.Settings.defaults()
                    .scheme(Scheme.TENANT).cells(cells).routers(1).jvmOptions(JVM))) {
                HttpTarget admin = new HttpTarget(vertx, deployment.router(0).url(), deployment.adminToken(), 8);
                Supplier<Future<?>> count = () -> admin.get("/v1/admin/counts?type=circle").map(body -> {
                    if (!body.contains("\"partial\":false")) {
                        throw new IllegalStateException("a partial count: " + body);
                    }
                    return body;
                });
                // every cell's JIT sees only its share of the counts: warm them with concurrent clients, longer
                // for more cells (with 8 cells on 2 cores, 25 s left the compilers busy through the rounds)
                ClosedLoop.run("warm count", 8, WARM_UP_PER_CELL.multipliedBy(warmUpCells(cells)), count);
                List<ClosedLoop.Result> rounds = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    rounds.add(ClosedLoop.run("count over " + cells, 1, ROUND, count));
                    progress.step("count over " + cells + " cell(s), round " + round + "/" + ROUNDS + ": "
                            + SideBySide.describe(rounds.get(rounds.size() - 1)));
                }
                rounds.sort(Comparator.comparingDouble(ClosedLoop.Result::p50Ms));
                scatter.put(cells, rounds.get(rounds.size() / 2));
            }
        }
        report(dir, scatter);
        RunDirectory.dropDatabases(dir);
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** Warm-up length in units of {@link #WARM_UP_PER_CELL}: one per cell, at least three. */
    private static int warmUpCells(int cells) {
        return Math.max(3, cells);
    }

    private static void report(Path dir, Map<Integer, ClosedLoop.Result> scatter) throws Exception {
        ClosedLoop.Result one = scatter.get(FAN_OUTS.get(0));
        Map<String, Object> json = Report.header(1, ROUNDS, ROUND.toSeconds());
        List<String> md = new ArrayList<>();
        md.add("| global count over | p50 ms | p99 ms | p50 ÷ 1 cell | p99 ÷ 1 cell | counts/s | CPU ms per count"
                + " | errors |");
        md.add("|---|---|---|---|---|---|---|---|");
        XYChart chart = Charts.lines("Scattered count latency vs cells asked (1 client, median of "
                + ROUNDS + " rounds)", "cells", "ms");
        List<Integer> x = new ArrayList<>(scatter.keySet());
        chart.addSeries("p50", x, scatter.values().stream().map(ClosedLoop.Result::p50Ms).toList());
        chart.addSeries("p99", x, scatter.values().stream().map(ClosedLoop.Result::p99Ms).toList());
        chart.addSeries("CPU ms per count (all processes)", x,
                scatter.values().stream().map(ClosedLoop.Result::cpuMsPerOperation).toList());
        scatter.forEach((cells, r) -> {
            json.put(cells + " cells", Map.of("p50Ms", r.p50Ms(), "p99Ms", r.p99Ms(), "p50Ratio", r.p50Ms() / one.p50Ms(),
                    "p99Ratio", r.p99Ms() / one.p99Ms(), "opsPerSecond", r.throughput(), "cpuMsPerCount",
                    r.cpuMsPerOperation(), "errors", r.errors()));
            md.add(String.format("| %d cell(s) | %.3f | %.3f | %.2f× | %.2f× | %.0f | %.2f | %d |", cells, r.p50Ms(),
                    r.p99Ms(), r.p50Ms() / one.p50Ms(), r.p99Ms() / one.p99Ms(), r.throughput(), r.cpuMsPerOperation(),
                    r.errors()));
        });
        md.add("");
        md.add("![count latency vs cells](" + Charts.save(chart, dir, "scatter") + ")");
        Report.write(dir, json, md);
    }
}
