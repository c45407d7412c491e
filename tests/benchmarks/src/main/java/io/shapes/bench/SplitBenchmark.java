package io.shapes.bench;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Buckets;
import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import io.shapes.postgres.PostgresServer;
import io.shapes.workload.Attempt;
import io.shapes.workload.Latencies;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * Issue "cell-manager" benchmark: split a cell holding 1,000,000 shapes while clients write 200 shapes/s through a
 * router. Reports the split's total time and write pause, lost writes (the history's checks) and the client errors
 * during the split, and the clients' put latency during the split against before it (the same run's baseline).
 */
public final class SplitBenchmark {
    private static final int SHAPES = Integer.getInteger("bench.shapes", 1_000_000);
    private static final int LOADED_TENANTS = 2_000;
    private static final int WRITING_TENANTS = 100;
    private static final int CLIENTS = 8;
    private static final double WRITES_PER_SECOND = Integer.getInteger("bench.writes", 200);
    private static final Duration BASELINE = Duration.ofSeconds(20);
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx768m");

    public static void main(String[] args) throws Exception {
        new SplitBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/split-" + Report.stamp());
        Progress progress = new Progress(Duration.ofSeconds(300));
        progress.step("starting a control store, two cells and a router in " + dir);
        try (LocalDeployment deployment = LocalDeployment.start(dir, LocalDeployment.Settings.defaults().scheme(Scheme.TENANT).cells(2).routers(0)
                .cellCapacity(4_000_000).registerCells(false).jvmOptions(JVM)
                .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"))) {
            ok(deployment.cellManager("init", "--scheme", "tenant", "--cell-capacity", "4000000"));
            for (String cell : List.of("cell-1", "cell-2")) {
                ok(deployment.cellManager("cell", "add", cell, "--url", deployment.cell(cell).url().toString()));
            }
            progress.step(String.format("loading %,d shapes of %,d tenants into cell-1's PostgreSQL", SHAPES,
                    LOADED_TENANTS));
            load(deployment.cell("cell-1").database().orElseThrow());
            deployment.cell("cell-1").restart(); // the cell counts its stored rows at start
            URI router = deployment.startRouter("router-1", Map.of()).url();
            Map<String, String> keys = new LinkedHashMap<>();
            for (int i = 0; i < WRITING_TENANTS; i++) {
                keys.put("w-" + i, deployment.createTenant("w-" + i));
            }
            progress.step("clients write " + (int) WRITES_PER_SECOND + " shapes/s; baseline for "
                    + BASELINE.toSeconds() + " s");
            Writers writers = new Writers(router, keys, CLIENTS, WRITES_PER_SECOND / CLIENTS);
            writers.awaitAcknowledged(50, Duration.ofSeconds(60)); // the router knows the keys
            long baselineFrom = writers.elapsedMs();
            Thread.sleep(BASELINE.toMillis()); // a fixed window of load to measure, not a wait for a condition
            long splitFrom = writers.elapsedMs();
            progress.step("splitting cell-1 into cell-2 (the cell-manager's progress follows)");
            Path out = Files.createTempFile("split", ".json");
            long start = System.nanoTime();
            Process process = CellManagerRun.command(deployment.cellManagerEnvironment(),
                    List.of("cell", "split", "cell-1", "--into", "cell-2", "--json"))
                    .redirectOutput(out.toFile()).start();
            Map<String, Long> marks = new LinkedHashMap<>();
            try (BufferedReader progressLines = process.errorReader()) {
                progressLines.lines().forEach(line -> {
                    System.err.println(line);
                    if (line.contains(": phase fenced")) {
                        marks.put("fenced", writers.elapsedMs());
                    } else if (line.contains("write pause")) {
                        marks.put("switched", writers.elapsedMs());
                    }
                });
            }
            int exit = process.waitFor();
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            long splitTo = writers.elapsedMs();
            JsonNode split = new CellManagerRun(exit, Files.readString(out), "").json();
            Thread.sleep(5_000); // the same load a little longer: routers settle on the new map
            writers.close();
            progress.step("split " + (exit == 0 ? "done" : "FAILED (exit " + exit + ")") + " in "
                    + String.format("%.1f", totalSeconds) + " s; checking the history through the router");
            List<Attempt> history = writers.history();
            HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(history);
            JsonNode cells = deployment.cellManager("cell", "list", "--json").json();
            report(dir, split, totalSeconds, verdict, window(history, baselineFrom, splitFrom),
                    window(history, splitFrom, splitTo), cells, acknowledgedTotal(history));
            chart(dir, history, baselineFrom, splitFrom, splitTo, marks);
        }
    }

    /** Rows and per-stripe counts written as cells write them, many tenants, in one statement each. */
    private static void load(PostgresServer database) throws Exception {
        List<String> tenants = new ArrayList<>();
        List<Integer> buckets = new ArrayList<>();
        for (int i = 0; i < LOADED_TENANTS; i++) {
            tenants.add("load-" + i);
            buckets.add(Buckets.of("load-" + i));
        }
        int each = SHAPES / LOADED_TENANTS;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement rows = c.prepareStatement("insert into shapes (tenant, id, bucket, type)"
                    + " select t.tenant, (t.bucket::bigint << 50) | g, t.bucket, 'circle'"
                    + " from unnest(?::text[], ?::int[]) as t(tenant, bucket), generate_series(1, ?) g");
                    PreparedStatement counts = c.prepareStatement("insert into shape_counts (tenant, type, bucket,"
                            + " stripe, n) select t.tenant, 'circle', t.bucket, 0, ? from unnest(?::text[], ?::int[])"
                            + " as t(tenant, bucket)")) {
                rows.setArray(1, c.createArrayOf("text", tenants.toArray()));
                rows.setArray(2, c.createArrayOf("int4", buckets.toArray()));
                rows.setInt(3, each);
                rows.executeUpdate();
                counts.setLong(1, each);
                counts.setArray(2, c.createArrayOf("text", tenants.toArray()));
                counts.setArray(3, c.createArrayOf("int4", buckets.toArray()));
                counts.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("analyze shapes");
        }
    }

    /** Client-side figures of the puts that started in [from, to). */
    record Window(long puts, long errors, double p50Ms, double p99Ms, List<String> sampleErrors) {
    }

    private static Window window(List<Attempt> history, long from, long to) {
        List<Attempt> in = history.stream().filter(a -> a.startMs() >= from && a.startMs() < to).toList();
        org.HdrHistogram.Histogram latencies = Latencies.of(in);
        List<Attempt> failed = in.stream().filter(a -> !a.acknowledged()).toList();
        return new Window(in.size(), failed.size(), Latencies.ms(latencies, 50), Latencies.ms(latencies, 99),
                failed.stream().limit(3).map(a -> a.status() + " " + a.error()).toList());
    }

    /** Client put latency (p50, p99) and errors per second over the run, the split and its write pause marked. */
    private static void chart(Path dir, List<Attempt> history, long from, long splitFrom, long splitTo,
            Map<String, Long> marks) throws Exception {
        Map<Long, List<Attempt>> perSecond = new java.util.TreeMap<>();
        for (Attempt a : history) {
            if (a.startMs() >= from) {
                perSecond.computeIfAbsent((a.startMs() - from) / 1000, k -> new ArrayList<>()).add(a);
            }
        }
        List<Long> seconds = new ArrayList<>(perSecond.keySet());
        XYChart chart = Charts.lines("Client puts during the split (lines: split start, fence, switch, end)",
                "seconds", "ms / errors per second");
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        for (List<Attempt> in : perSecond.values()) {
            org.HdrHistogram.Histogram latencies = Latencies.of(in);
            p50.add(Latencies.ms(latencies, 50));
            p99.add(Latencies.ms(latencies, 99));
            errors.add(in.stream().filter(a -> !a.acknowledged()).count());
        }
        chart.addSeries("put p50 ms", seconds, p50);
        chart.addSeries("put p99 ms", seconds, p99);
        chart.addSeries("errors per second", seconds, errors);
        for (long mark : List.of(splitFrom, marks.getOrDefault("fenced", splitFrom), marks.getOrDefault("switched",
                splitTo), splitTo)) {
            chart.addAnnotation(new AnnotationLine((mark - from) / 1000.0, true, false));
        }
        Charts.save(chart, dir, "split");
        Files.writeString(dir.resolve("report.md"), "\n![client latency and errors over the split](split.png)\n"
                + (marks.containsKey("fenced") && marks.containsKey("switched") ? String.format(
                        "\nWrite pause as the clients saw it: fence at %.1f s, switch at %.1f s.%n",
                        (marks.get("fenced") - from) / 1000.0, (marks.get("switched") - from) / 1000.0) : ""),
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static long acknowledgedTotal(List<Attempt> history) {
        return history.stream().filter(Attempt::acknowledged).count();
    }

    private static void ok(CellManagerRun run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException("cell-manager failed: " + run.err());
        }
    }

    private static void report(Path dir, JsonNode split, double totalSeconds, HistoryCheck.Verdict verdict,
            Window before, Window during, JsonNode cells, long acknowledged) throws Exception {
        long stored = 0;
        for (JsonNode cell : cells) {
            stored += cell.get("shapes").asLong();
        }
        long expectedLow = (long) SHAPES / LOADED_TENANTS * LOADED_TENANTS + acknowledged;
        long expectedHigh = (long) SHAPES / LOADED_TENANTS * LOADED_TENANTS + verdict.attempted();
        Map<String, Object> json = Report.header(CLIENTS, 1, BASELINE.toSeconds());
        json.put("shapes", SHAPES);
        json.put("writesPerSecond", WRITES_PER_SECOND);
        json.put("split", split);
        json.put("totalSeconds", totalSeconds);
        json.put("writePauseMs", split.path("writePauseMs").asLong(-1));
        json.put("lostWrites", verdict.lost().size());
        json.put("history", verdict.summary());
        json.put("historyHolds", verdict.holds());
        json.put("before", before);
        json.put("during", during);
        json.put("storedAfter", stored);
        json.put("storedWithinExpected", stored >= expectedLow && stored <= expectedHigh);

        List<String> md = new ArrayList<>();
        md.add(String.format("Split of a cell holding %,d shapes while clients write %.0f shapes/s through a router.",
                SHAPES, WRITES_PER_SECOND));
        md.add("");
        md.add("| figure | measured | aim |");
        md.add("|---|---|---|");
        md.add(String.format("| total time of `cell split` (process start to exit) | %.1f s | ≤ 120 s |", totalSeconds));
        md.add(String.format("| write pause (fence → switch) | %d ms | ≤ 500 ms |", split.path("writePauseMs").asLong(-1)));
        md.add(String.format("| rows copied | %,d | |", split.path("rowsCopied").asLong()));
        md.add(String.format("| lost writes (acknowledged, then unreadable) | %d | 0 |", verdict.lost().size()));
        md.add(String.format("| client write errors during the split | %d of %d | 0 |", during.errors(), during.puts()));
        md.add(String.format("| put p50 / p99 before the split | %.1f / %.1f ms | |", before.p50Ms(), before.p99Ms()));
        md.add(String.format("| put p50 / p99 during the split | %.1f / %.1f ms | |", during.p50Ms(), during.p99Ms()));
        md.add(String.format("| p99 during ÷ before | %.2f× | |", during.p99Ms() / before.p99Ms()));
        md.add(String.format("| shapes stored after (both cells) | %,d (expected %,d–%,d) | |", stored, expectedLow,
                expectedHigh));
        md.add("");
        md.add("History: " + verdict.summary() + (during.sampleErrors().isEmpty() ? ""
                : "; errors e.g. " + during.sampleErrors()));
        Report.write(dir, json, md);
    }
}
