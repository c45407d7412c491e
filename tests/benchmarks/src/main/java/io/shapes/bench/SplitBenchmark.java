package io.shapes.bench;

import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Buckets;
import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import io.shapes.postgres.PostgresServer;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Latencies;
import io.shapes.workload.Writers;

/**
 * Splits in a row under load, at two sizes: a cell holding 100,000 and then 1,000,000 shapes is split five times
 * (each time the fullest cell into an empty one) while clients write 200 shapes/s through a router. Reports, per
 * split, its total time, its write pause, the client errors while it ran, and the lost writes of the whole run (the
 * history's checks); the pauses of the two sizes side by side show whether the pause grows with the range.
 */
public final class SplitBenchmark {
    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("bench.sizes", "100000,1000000")
            .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final int SPLITS = Integer.getInteger("bench.splits", 5);
    private static final int LOADED_TENANTS = 2_000;
    private static final int WRITING_TENANTS = 100;
    private static final int CLIENTS = 8;
    private static final double WRITES_PER_SECOND = Integer.getInteger("bench.writes", 200);
    private static final Duration BASELINE = Duration.ofSeconds(20);
    private static final Duration BETWEEN_SPLITS = Duration.ofSeconds(5);
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx768m");
    private static final long PAUSE_AIM_MS = 100;
    private static final double TOTAL_AIM_SECONDS = 60;

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new SplitBenchmark().run());
    }

    /** One split of a run, as measured. */
    record SplitFigures(int number, String source, String target, String range, long rowsCopied, double totalSeconds,
            long writePauseMs, long clientErrors, long clientPuts, double p99Ms, List<String> sampleErrors) {
    }

    /** One size's run: its splits, and the history of the whole run. */
    record SizeRun(int shapes, List<SplitFigures> splits, HistoryCheck.Verdict verdict, Window before, long stored,
            long expectedLow, long expectedHigh) {
        long maxPauseMs() {
            return splits.stream().mapToLong(SplitFigures::writePauseMs).max().orElse(-1);
        }

        double maxTotalSeconds() {
            return splits.stream().mapToDouble(SplitFigures::totalSeconds).max().orElse(-1);
        }

        long clientErrors() {
            return splits.stream().mapToLong(SplitFigures::clientErrors).sum();
        }
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/split-" + Report.stamp());
        Files.createDirectories(dir);
        Progress progress = new Progress(Duration.ofSeconds(SIZES.stream().mapToLong(n -> 60 + n / 5_000).sum()
                + SIZES.size() * SPLITS * (BETWEEN_SPLITS.toSeconds() + 15)));
        List<SizeRun> runs = new ArrayList<>();
        for (int shapes : SIZES) {
            runs.add(runSize(shapes, dir.resolve(String.valueOf(shapes)), progress));
            RunDirectory.dropDatabases(dir.resolve(String.valueOf(shapes)));
        }
        report(dir, runs);
        pauseChart(dir, runs);
    }

    private SizeRun runSize(int shapes, Path dir, Progress progress) throws Exception {
        int cells = SPLITS + 1;
        progress.step(String.format("%,d shapes: starting a control store, %d cells and a router in %s", shapes, cells,
                dir));
        try (LocalDeployment deployment = LocalDeployment.start(dir, LocalDeployment.Settings.defaults()
                .scheme(Scheme.TENANT).cells(cells).routers(0).cellCapacity(4_000_000).registerCells(false)
                .jvmOptions(JVM).routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"))) {
            ok(deployment.cellManager("init", "--scheme", "tenant", "--cell-capacity", "4000000"));
            for (int i = 1; i <= cells; i++) {
                String cell = "cell-" + i;
                ok(deployment.cellManager("cell", "add", cell, "--url", deployment.cell(cell).url().toString()));
            }
            progress.step(String.format("loading %,d shapes of %,d tenants into cell-1's PostgreSQL", shapes,
                    LOADED_TENANTS));
            load(deployment.cell("cell-1").database().orElseThrow(), shapes);
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
            long splitsFrom = writers.elapsedMs();
            List<SplitFigures> splits = new ArrayList<>();
            List<Long> marks = new ArrayList<>();
            for (int number = 1; number <= SPLITS; number++) {
                String source = fullest(deployment);
                String target = "cell-" + (number + 1);
                progress.step(String.format("split %d of %d: %s into %s", number, SPLITS, source, target));
                long from = writers.elapsedMs();
                marks.add(from);
                Path out = Files.createTempFile("split", ".json");
                long start = System.nanoTime();
                Process process = CellManagerRun.command(deployment.cellManagerEnvironment(),
                        List.of("cell", "split", source, "--into", target, "--json"))
                        .redirectOutput(out.toFile()).start();
                try (BufferedReader progressLines = process.errorReader()) {
                    List<String> lines = progressLines.lines().peek(System.err::println).toList();
                    Files.write(dir.resolve("split-" + number + ".log"), lines); // the pause's step times among them
                }
                int exit = process.waitFor();
                double totalSeconds = (System.nanoTime() - start) / 1e9;
                long to = writers.elapsedMs();
                marks.add(to);
                JsonNode split = new CellManagerRun(exit, Files.readString(out), "").json();
                if (exit != 0) {
                    throw new IllegalStateException("split " + number + " failed (exit " + exit + ")");
                }
                Window during = window(writers.history(), from, to);
                splits.add(new SplitFigures(number, source, target, split.path("range").asText(),
                        split.path("rowsCopied").asLong(), totalSeconds, split.path("writePauseMs").asLong(-1),
                        during.errors(), during.puts(), during.p99Ms(), during.sampleErrors()));
                progress.step(String.format("split %d: %,d rows in %.1f s, write pause %d ms, %d client errors",
                        number, split.path("rowsCopied").asLong(), totalSeconds, split.path("writePauseMs").asLong(-1),
                        during.errors()));
                Thread.sleep(BETWEEN_SPLITS.toMillis()); // the same load between splits: routers settle on the map
            }
            writers.close();
            progress.step("checking the history through the router");
            List<Attempt> history = writers.history();
            HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(history);
            long stored = 0;
            for (JsonNode cell : deployment.cellManager("cell", "list", "--json").json()) {
                stored += cell.get("shapes").asLong();
            }
            long loaded = (long) shapes / LOADED_TENANTS * LOADED_TENANTS;
            chart(dir, history, baselineFrom, splitsFrom, marks);
            return new SizeRun(shapes, splits, verdict, window(history, baselineFrom, splitsFrom), stored,
                    loaded + history.stream().filter(Attempt::acknowledged).count(), loaded + verdict.attempted());
        }
    }

    /** The registered cell holding the most shapes. */
    private static String fullest(LocalDeployment deployment) {
        JsonNode cells = deployment.cellManager("cell", "list", "--json").json();
        List<JsonNode> all = new ArrayList<>();
        cells.forEach(all::add);
        return all.stream().max(Comparator.comparingLong(c -> c.get("shapes").asLong())).orElseThrow().get("name")
                .asText();
    }

    /**
     * Rows and per-stripe counts written as cells write them, many tenants, in one statement each (the cell's
     * triggers keep the per-bucket sums, as for every write).
     */
    private static void load(PostgresServer database, int shapes) throws Exception {
        List<String> tenants = new ArrayList<>();
        List<Integer> buckets = new ArrayList<>();
        for (int i = 0; i < LOADED_TENANTS; i++) {
            tenants.add("load-" + i);
            buckets.add(Buckets.of("load-" + i));
        }
        int each = shapes / LOADED_TENANTS;
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

    /** Client put latency (p50, p99) and errors per second over the run, each split's start and end marked. */
    private static void chart(Path dir, List<Attempt> history, long from, long splitsFrom, List<Long> marks)
            throws Exception {
        Map<Long, List<Attempt>> perSecond = new TreeMap<>();
        for (Attempt a : history) {
            if (a.startMs() >= from) {
                perSecond.computeIfAbsent((a.startMs() - from) / 1000, k -> new ArrayList<>()).add(a);
            }
        }
        List<Long> seconds = new ArrayList<>(perSecond.keySet());
        XYChart chart = Charts.lines("Client puts over " + SPLITS + " splits (lines: each split's start and end)",
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
        for (long mark : marks) {
            chart.addAnnotation(new AnnotationLine((mark - from) / 1000.0, true, false));
        }
        Charts.save(chart, dir, "split");
    }

    /** Each split's write pause, one series per size. */
    private static void pauseChart(Path dir, List<SizeRun> runs) throws Exception {
        CategoryChart chart = Charts.bars("Write pause of each split in a row, by cell size", "split", "ms");
        for (SizeRun run : runs) {
            chart.addSeries(String.format("%,d shapes", run.shapes()),
                    run.splits().stream().map(s -> String.valueOf(s.number())).toList(),
                    run.splits().stream().map(SplitFigures::writePauseMs).toList());
        }
        Charts.save(chart, dir, "split-pauses");
    }

    private static void ok(CellManagerRun run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException("cell-manager failed: " + run.err());
        }
    }

    private static void report(Path dir, List<SizeRun> runs) throws Exception {
        Map<String, Object> json = Report.header(CLIENTS, SPLITS, 0);
        json.put("writesPerSecond", WRITES_PER_SECOND);
        json.put("runs", runs);
        List<String> md = new ArrayList<>();
        md.add(String.format("%d splits in a row while clients write %.0f shapes/s through a router, at %s shapes.",
                SPLITS, WRITES_PER_SECOND, String.join(" and ", runs.stream().map(r -> String.format("%,d",
                        r.shapes())).toList())));
        md.add("");
        md.add("| shapes | split | cells | range | rows copied | total time | write pause | client errors | put p99 |");
        md.add("|---|---|---|---|---|---|---|---|---|");
        for (SizeRun run : runs) {
            for (SplitFigures s : run.splits()) {
                md.add(String.format("| %,d | %d | %s → %s | %s | %,d | %.1f s | %d ms | %d of %d | %.1f ms |",
                        run.shapes(), s.number(), s.source(), s.target(), s.range(), s.rowsCopied(), s.totalSeconds(),
                        s.writePauseMs(), s.clientErrors(), s.clientPuts(), s.p99Ms()));
            }
        }
        md.add("");
        md.add("| shapes | longest pause (aim ≤ " + PAUSE_AIM_MS + " ms) | longest split (aim ≤ "
                + (int) TOTAL_AIM_SECONDS + " s) | client errors (aim 0) | lost writes (aim 0) | history | stored after |");
        md.add("|---|---|---|---|---|---|---|");
        for (SizeRun run : runs) {
            md.add(String.format("| %,d | %d ms %s | %.1f s %s | %d %s | %d %s | %s | %,d (expected %,d–%,d) %s |",
                    run.shapes(), run.maxPauseMs(), mark(run.maxPauseMs() >= 0 && run.maxPauseMs() <= PAUSE_AIM_MS),
                    run.maxTotalSeconds(), mark(run.maxTotalSeconds() <= TOTAL_AIM_SECONDS), run.clientErrors(),
                    mark(run.clientErrors() == 0), run.verdict().lost().size(), mark(run.verdict().lost().isEmpty()),
                    run.verdict().summary(), run.stored(), run.expectedLow(), run.expectedHigh(),
                    mark(run.stored() >= run.expectedLow() && run.stored() <= run.expectedHigh())));
        }
        for (SizeRun run : runs) {
            run.splits().stream().filter(s -> !s.sampleErrors().isEmpty()).forEach(s -> md.add(String.format(
                    "%n%,d shapes, split %d: errors e.g. %s", run.shapes(), s.number(), s.sampleErrors())));
        }
        md.add("");
        md.add("![write pause of each split, by size](split-pauses.png)");
        for (SizeRun run : runs) {
            md.add(String.format("![client latency and errors over the splits, %,d shapes](%d/split.png)", run.shapes(),
                    run.shapes()));
        }
        Report.write(dir, json, md);
    }

    private static String mark(boolean holds) {
        return holds ? "✔" : "✘";
    }
}
