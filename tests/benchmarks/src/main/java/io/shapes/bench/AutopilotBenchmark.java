package io.shapes.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.AutopilotOperation;
import io.shapes.core.Scheme;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.CellRef;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * The autopilot at work: one cell, clients writing at a steady rate through a router, and {@code cell-manager
 * autopilot} at its defaults provisioning cells with the real launcher. Samples every cell's fill each second and
 * draws it over time, each split marked where it finished, with the clients' errors per second as a second series;
 * reports the fill at which each split was decided and every client error.
 */
public final class AutopilotBenchmark {
    private static final long CAPACITY = Long.getLong("bench.capacity", 20_000);
    private static final double WRITES_PER_SECOND = Integer.getInteger("bench.writes", 100);
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("bench.seconds", 300));
    private static final double PREFILL = 0.40;
    private static final int TENANTS = 40;
    private static final int CLIENTS = 8;
    private static final double THRESHOLD = 45;
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** One look at the cells: seconds since the load began, and each cell's fill in percent. */
    record Sample(double second, Map<String, Double> fill) {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new AutopilotBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/autopilot-" + Report.stamp());
        Files.createDirectories(dir);
        Progress progress = new Progress(LOAD.plusSeconds(60));
        progress.step("starting a control store, one cell of " + CAPACITY + " shapes and a router in " + dir);
        Process autopilot = null;
        try (LocalDeployment deployment = LocalDeployment.start(dir.resolve("deployment"), LocalDeployment.Settings
                .defaults().scheme(Scheme.TENANT).cells(1).routers(1).cellCapacity(CAPACITY).shardSize(1).detached(true)
                .jvmOptions(JVM).routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"))) {
            try {
                URI router = deployment.router(0).url();
                Map<String, String> keys = new LinkedHashMap<>();
                for (int i = 0; i < TENANTS; i++) {
                    keys.put("t-" + i, deployment.createTenant("t-" + i));
                }
                List<Attempt> history = new ArrayList<>();
                long prefill = (long) (CAPACITY * PREFILL);
                progress.step(String.format("filling cell-1 to %.0f %% (%,d shapes)", PREFILL * 100, prefill));
                try (Writers fill = new Writers(router, keys, CLIENTS, 50)) {
                    fill.awaitAcknowledged((int) prefill, Duration.ofMinutes(5));
                    fill.close();
                    history.addAll(fill.history());
                }
                Path log = dir.resolve("autopilot.jsonl");
                Map<String, String> environment = new LinkedHashMap<>(deployment.cellManagerEnvironment());
                environment.put("SHAPES_LAUNCHER", Artifacts.repositoryRoot().resolve("infra/shapes").toString());
                environment.put("SHAPES_STATE_DIR", deployment.directory().toString());
                autopilot = CellManagerRun.command(environment, List.of("autopilot", "--json"))
                        .redirectOutput(log.toFile()).redirectError(dir.resolve("autopilot.err").toFile()).start();
                progress.step(String.format("clients write %.0f shapes/s for %d s; the autopilot (defaults, launcher"
                        + " provisioner) runs beside", WRITES_PER_SECOND, LOAD.toSeconds()));
                List<Sample> samples = new ArrayList<>();
                Instant start;
                try (Writers steady = new Writers(router, keys, CLIENTS, WRITES_PER_SECOND / CLIENTS)) {
                    start = Instant.now();
                    CellAdminClient cells = deployment.cellAdmin();
                    long next = System.nanoTime();
                    while (Duration.between(start, Instant.now()).compareTo(LOAD) < 0) {
                        samples.add(sample(deployment, cells, start));
                        if (samples.size() % 30 == 0) {
                            progress.step("fill " + format(samples.get(samples.size() - 1).fill()));
                        }
                        next += 1_000_000_000L;
                        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                    }
                    steady.close();
                    history.addAll(steady.history());
                    List<Attempt> steadyHistory = steady.history();
                    autopilot.destroy();
                    progress.step("checking the history through the router");
                    HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(history);
                    List<AutopilotOperation> operations = new ArrayList<>(deployment.controlStore().autopilot().newest(100));
                    java.util.Collections.reverse(operations);
                    report(dir, samples, steadyHistory, operations, verdict, start, Files.readAllLines(log));
                }
            } finally {
                if (autopilot != null) {
                    autopilot.destroyForcibly();
                }
                LocalDeployment.attach(dir.resolve("deployment")).ifPresent(LocalDeployment::close);
            }
        }
        RunDirectory.dropDatabases(dir);
    }

    private static Sample sample(LocalDeployment deployment, CellAdminClient cells, Instant start) {
        Map<String, Double> fill = new TreeMap<>();
        for (CellRef cell : deployment.controlStore().maps().latest().orElseThrow().cells()) {
            try {
                CellInfo info = cells.info(cell.url()).join();
                fill.put(cell.name(), 100.0 * info.shapes() / info.capacity());
            } catch (RuntimeException e) {
                // a cell that does not answer this second has no point
            }
        }
        return new Sample(Duration.between(start, Instant.now()).toMillis() / 1000.0, fill);
    }

    private static String format(Map<String, Double> fill) {
        return String.join(", ", fill.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f %%", e.getKey(),
                e.getValue())).toList());
    }

    private static void report(Path dir, List<Sample> samples, List<Attempt> history,
            List<AutopilotOperation> operations, HistoryCheck.Verdict verdict, Instant start, List<String> log)
            throws IOException {
        XYChart chart = Charts.lines(String.format(Locale.ROOT, "autopilot: fill per cell under %.0f writes/s"
                + " (capacity %,d; splits marked where they finished)", WRITES_PER_SECOND, CAPACITY),
                "seconds", "fill (% of capacity)");
        TreeMap<String, List<double[]>> perCell = new TreeMap<>();
        for (Sample sample : samples) {
            sample.fill().forEach((cell, fill) -> perCell.computeIfAbsent(cell, c -> new ArrayList<>())
                    .add(new double[] {sample.second(), fill}));
        }
        perCell.forEach((cell, points) -> chart.addSeries(cell, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray()).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE));
        double[] seconds = new double[(int) (samples.get(samples.size() - 1).second() + 1)];
        double[] errors = new double[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = i;
        }
        long startMs = history.isEmpty() ? 0 : history.stream().mapToLong(Attempt::startMs).min().orElse(0);
        List<Attempt> failed = history.stream().filter(a -> !a.acknowledged()).toList();
        for (Attempt attempt : failed) {
            int second = (int) ((attempt.startMs() - startMs) / 1000);
            if (second >= 0 && second < errors.length) {
                errors[second]++;
            }
        }
        XYSeries errorSeries = chart.addSeries("client errors per second", seconds, errors);
        errorSeries.setYAxisGroup(1);
        errorSeries.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        chart.setYAxisGroupTitle(1, "client errors per second");
        chart.getStyler().setYAxisMax(1, Math.max(5, java.util.Arrays.stream(errors).max().orElse(0)));
        chart.getStyler().setYAxisMin(1, 0.0);
        for (AutopilotOperation operation : operations) {
            if (operation.state() == AutopilotOperation.State.DONE) {
                chart.addAnnotation(new AnnotationLine(Duration.between(start, operation.updatedAt()).toMillis() / 1000.0,
                        true, false));
            }
        }
        String png = Charts.save(chart, dir, "autopilot");
        List<String> md = new ArrayList<>();
        md.add(String.format(Locale.ROOT, "# Autopilot run %s", dir.getFileName()));
        md.add("");
        md.add(String.format(Locale.ROOT, "One cell of %,d shapes filled to %.0f %%, then %.0f writes/s through a"
                + " router for %d s; `cell-manager autopilot --json` at its defaults (threshold %.0f %%, every 2 s,"
                + " launcher provisioner).", CAPACITY, PREFILL * 100, WRITES_PER_SECOND, LOAD.toSeconds(), THRESHOLD));
        md.add("");
        md.add("| decided at (s) | decision | fill when decided | finished at (s) | result |");
        md.add("|---|---|---|---|---|");
        Map<String, String> decided = new LinkedHashMap<>();
        for (String line : log) {
            if (line.contains("\"kind\":\"decision\"") && line.contains("\"action\":\"split\"")) {
                com.fasterxml.jackson.databind.JsonNode node = io.shapes.core.Json.MAPPER.readTree(line);
                decided.put(node.get("target").asText(), String.format(Locale.ROOT, "%.1f|split %s into %s|%.1f %% (%,d shapes)",
                        Duration.between(start, Instant.parse(node.get("at").asText())).toMillis() / 1000.0,
                        node.get("cell").asText(), node.get("target").asText(), node.get("fill").asDouble(),
                        node.get("shapes").asLong()));
            }
        }
        for (AutopilotOperation operation : operations) {
            String[] d = decided.getOrDefault(operation.target(), "?|" + operation.kind().wireName() + " "
                    + operation.source() + " into " + operation.target() + "|?").split("\\|");
            md.add(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s: %s |", d[0], d[1], d[2],
                    Duration.between(start, operation.updatedAt()).toMillis() / 1000.0, operation.state().wireName(),
                    operation.detail()));
        }
        md.add("");
        Map<Integer, Long> byStatus = new TreeMap<>();
        failed.forEach(a -> byStatus.merge(a.status(), 1L, Long::sum));
        md.add(String.format(Locale.ROOT, "Client puts during the load: %,d; not acknowledged: %,d %s; `507`: %d.",
                history.size(), failed.size(), byStatus, byStatus.getOrDefault(507, 0L)));
        md.add("History check (whole run, prefill included): " + verdict.summary());
        md.add("");
        md.add("![fill per cell](" + png + ")");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("capacity", CAPACITY);
        json.put("writesPerSecond", WRITES_PER_SECOND);
        json.put("operations", operations.size());
        json.put("clientErrors", failed.size());
        json.put("lost", verdict.lost().size());
        Report.write(dir, json, md);
    }
}
