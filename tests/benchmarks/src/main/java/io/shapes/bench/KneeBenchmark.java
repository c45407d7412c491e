package io.shapes.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.knowm.xchart.XYChart;

import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Issue "benchmarks", scenario 5: the knee and load shedding. One cell behind two routers: one with the router's
 * load shedding as configured (the adaptive concurrency limit and the per-cell bulkhead), one with both set so high
 * that nothing is shed. First the capacity: closed-loop puts through the shedding router. Then open-loop puts at
 * 10 % … 200 % of that capacity, each level sent to both routers in turn (same run, same cell), recording the
 * latency of admitted requests from their intended start and the latency of refusals. While the shedding router
 * takes each level, a probe asks its {@code /q/health/live} 50 times a second over its own connections: the time
 * the router takes to answer its cheapest call at that moment, next to the time it takes to refuse. Answers that
 * are neither admitted nor refused are tallied by status.
 */
public final class KneeBenchmark {
    private static final Duration LEVEL = Duration.ofSeconds(Integer.getInteger("bench.seconds", 8));
    private static final List<Double> LOADS = List.of(0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0);
    private static final int TENANTS = 64;
    /** A capacity to use instead of measuring it ({@code -Dbench.capacity}, puts/s): the same load levels run to run. */
    private static final double GIVEN_CAPACITY = Double.parseDouble(System.getProperty("bench.capacity", "0"));
    private static final int CONNECTIONS = 1024;
    private static final double PROBE_RATE = 50;
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx768m");
    private static final Map<String, String> NO_SHEDDING = Map.of("shapes.router.limits.initial-concurrency", "100000",
            "shapes.router.limits.max-concurrency", "100000", "shapes.router.cells.bulkhead", "100000");

    private final List<String> tenants = new ArrayList<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** Answers other than 201 without a body: each refusal must be a problem+json from the catalogue. */
    private final LongAdder emptyBodies = new LongAdder();
    private final java.util.Queue<String> emptyBodyHeaders = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new KneeBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/knee-" + Report.stamp());
        Progress progress = new Progress(LEVEL.multipliedBy(LOADS.size() * 2L).plusSeconds(150));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        progress.step("starting a control store, one cell and two routers (shedding on / off) in " + dir);
        try (LocalDeployment deployment = LocalDeployment.start(dir, LocalDeployment.Settings.defaults().scheme(Scheme.TENANT).cells(1).routers(0)
                .cellCapacity(10_000_000).cellMaxInFlight(100_000).jvmOptions(JVM)
                .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"))) {
            for (int i = 0; i < TENANTS; i++) {
                tenants.add("knee-" + i);
                keys.put("knee-" + i, deployment.createTenant("knee-" + i));
            }
            var sheddingRouter = deployment.startRouter("router-on", Map.of());
            URI sheddingUrl = sheddingRouter.url();
            HttpTarget shedding = new HttpTarget(vertx, sheddingUrl, "", CONNECTIONS);
            HttpTarget probe = new HttpTarget(vertx, sheddingRouter.service().managementUrl(), "", 4);
            HttpTarget open = new HttpTarget(vertx, deployment.startRouter("router-off", NO_SHEDDING).url(), "", CONNECTIONS);
            progress.step("warming up both routers and the cell");
            ClosedLoop.run("warm on", 32, Duration.ofSeconds(20), () -> put(shedding).map(this::admittedOrFail));
            ClosedLoop.run("warm off", 32, Duration.ofSeconds(20), () -> put(open).map(this::admittedOrFail));
            double rate;
            String measured;
            if (GIVEN_CAPACITY > 0) {
                rate = GIVEN_CAPACITY;
                measured = "as given with -Dbench.capacity";
            } else {
                ClosedLoop.Result capacity = ClosedLoop.run("capacity", 32, Duration.ofSeconds(10),
                        () -> put(shedding).map(this::admittedOrFail));
                rate = capacity.throughput();
                measured = String.format("32 closed-loop clients, puts through the router, p99 %.1f ms",
                        capacity.p99Ms());
            }
            progress.step(String.format("capacity: %.0f puts/s (%s)", rate, measured));
            Map<Double, OpenLoop.Result> on = new LinkedHashMap<>();
            Map<Double, OpenLoop.Result> off = new LinkedHashMap<>();
            Map<Double, OpenLoop.Result> probes = new LinkedHashMap<>();
            for (double load : LOADS) {
                CompletableFuture<OpenLoop.Result> probing = CompletableFuture.supplyAsync(
                        () -> OpenLoop.run("probe", PROBE_RATE, LEVEL, () -> live(probe)));
                on.put(load, OpenLoop.run("on", load * rate, LEVEL, () -> put(shedding)));
                probes.put(load, probing.join());
                progress.step(describe("shedding on ", load, on.get(load)) + String.format(", health probe p99 %.1f ms",
                        probes.get(load).admittedMs(99)));
                off.put(load, OpenLoop.run("off", load * rate, LEVEL, () -> put(open)));
                progress.step(describe("shedding off", load, off.get(load)));
            }
            report(dir, rate, measured, on, off, probes);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        RunDirectory.dropDatabases(dir);
    }

    private Future<OpenLoop.Outcome> put(HttpTarget router) {
        String tenant = tenants.get(ThreadLocalRandom.current().nextInt(TENANTS));
        return router.exchange(keys.get(tenant), HttpMethod.POST, "/v1/tenants/" + tenant + "/shapes",
                "{\"type\":\"circle\"}").map(reply -> {
                    if (reply.status() == 201) {
                        return OpenLoop.Outcome.ADMITTED;
                    }
                    if (reply.body() == null || reply.body().isBlank()) {
                        emptyBodies.increment();
                        if (emptyBodyHeaders.size() < 5) {
                            emptyBodyHeaders.add(reply.status() + " " + reply.headers());
                        }
                    }
                    boolean shed = reply.status() == 429 || reply.status() == 503 && reply.body().contains("overloaded");
                    if (!shed) {
                        String kind = reply.status() + " " + problemCode(reply.body()) + " from cell " + reply.cell();
                        failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    }
                    return shed ? OpenLoop.Outcome.REFUSED : OpenLoop.Outcome.FAILED;
                });
    }

    private static Future<OpenLoop.Outcome> live(HttpTarget router) {
        return router.exchange("", HttpMethod.GET, "/q/health/live", null)
                .map(reply -> reply.status() == 200 ? OpenLoop.Outcome.ADMITTED : OpenLoop.Outcome.FAILED);
    }

    private static String problemCode(String body) {
        try {
            return new JsonObject(body).getString("code", "");
        } catch (RuntimeException e) {
            String text = body.replaceAll("\\s+", " ").strip();
            return "(not a problem: \"" + text.substring(0, Math.min(60, text.length())) + "\")";
        }
    }

    private Object admittedOrFail(OpenLoop.Outcome outcome) {
        if (outcome != OpenLoop.Outcome.ADMITTED) {
            throw new IllegalStateException("not admitted: " + outcome);
        }
        return outcome;
    }

    private static String describe(String mode, double load, OpenLoop.Result r) {
        return String.format("%s %3.0f%% (%5.0f/s): admitted %5.0f/s p50 %7.1f ms p99 %7.1f ms, refused %5d"
                + " (p99 %.1f ms), failed %d, generator lag max %.1f ms", mode, load * 100, r.offeredPerSecond(),
                r.admittedPerSecond(), r.admittedMs(50), r.admittedMs(99), r.refused(), r.refusedMs(99), r.failed(),
                r.maxLagMicros() / 1000.0);
    }

    private void report(Path dir, double capacity, String measured, Map<Double, OpenLoop.Result> on,
            Map<Double, OpenLoop.Result> off, Map<Double, OpenLoop.Result> probes) throws Exception {
        Map<String, Object> json = Report.header(CONNECTIONS, 1, LEVEL.toSeconds());
        json.put("capacityPutsPerSecond", capacity);
        json.put("capacityMeasured", measured);
        List<Map<String, Object>> levels = new ArrayList<>();
        List<String> md = new ArrayList<>();
        md.add(String.format("Capacity: **%.0f puts/s** (%s). Open-loop puts, %d s per level and mode; latency from"
                + " each request's intended start.", capacity, measured, LEVEL.toSeconds()));
        md.add("");
        md.add("| offered | shedding | offered/s | admitted/s | admitted p50 ms | admitted p99 ms | refused | refused p99 ms"
                + " | health probe p99 ms | failed |");
        md.add("|---|---|---|---|---|---|---|---|---|---|");
        for (double load : LOADS) {
            for (var mode : List.of(Map.entry("on", on.get(load)), Map.entry("off", off.get(load)))) {
                OpenLoop.Result r = mode.getValue();
                Map<String, Object> level = new LinkedHashMap<>();
                level.put("load", load);
                level.put("shedding", mode.getKey());
                level.put("offeredPerSecond", r.offeredPerSecond());
                level.put("admittedPerSecond", r.admittedPerSecond());
                level.put("admittedP50Ms", r.admittedMs(50));
                level.put("admittedP99Ms", r.admittedMs(99));
                level.put("refused", r.refused());
                level.put("refusedP99Ms", r.refusedMs(99));
                level.put("failed", r.failed());
                level.put("sent", r.sent());
                level.put("generatorMaxLagMs", r.maxLagMicros() / 1000.0);
                boolean shedding = mode.getKey().equals("on");
                if (shedding) {
                    level.put("healthProbeP99Ms", probes.get(load).admittedMs(99));
                }
                levels.add(level);
                md.add(String.format("| %.0f %% | %s | %.0f | %.0f | %.1f | %.1f | %d (%.1f %%) | %s | %s | %d |",
                        load * 100, mode.getKey(), r.offeredPerSecond(), r.admittedPerSecond(), r.admittedMs(50),
                        r.admittedMs(99), r.refused(), 100.0 * r.refused() / r.sent(),
                        r.refused() == 0 ? "–" : String.format("%.1f", r.refusedMs(99)),
                        shedding ? String.format("%.1f", probes.get(load).admittedMs(99)) : "–", r.failed()));
            }
        }
        json.put("levels", levels);
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((status, n) -> failed.put(status, n.sum()));
        json.put("failedByStatus", failed);
        json.put("emptyBodyAnswers", emptyBodies.sum());
        md.add("");
        md.add("Answers with an empty body (every refusal must be problem+json), all levels and both routers: "
                + emptyBodies.sum() + (emptyBodyHeaders.isEmpty() ? "." : "; the first, with their headers: "
                        + emptyBodyHeaders + "."));
        md.add("Failed (neither admitted nor refused), by status, problem code and answering cell, all levels: "
                + (failed.isEmpty() ? "none" : failed) + ".");
        List<Double> x = LOADS.stream().map(l -> l * 100).toList();
        XYChart latency = Charts.lines("Put latency vs offered load (open loop, one cell)", "offered load, % of capacity",
                "ms (log)");
        latency.getStyler().setYAxisLogarithmic(true);
        latency.addSeries("admitted p99, shedding on", x, LOADS.stream().map(l -> Math.max(0.1, on.get(l).admittedMs(99))).toList());
        latency.addSeries("admitted p99, shedding off", x, LOADS.stream().map(l -> Math.max(0.1, off.get(l).admittedMs(99))).toList());
        latency.addSeries("admitted p50, shedding on", x, LOADS.stream().map(l -> Math.max(0.1, on.get(l).admittedMs(50))).toList());
        latency.addSeries("admitted p50, shedding off", x, LOADS.stream().map(l -> Math.max(0.1, off.get(l).admittedMs(50))).toList());
        XYChart goodput = Charts.lines("Admitted puts per second vs offered", "offered load, % of capacity", "puts/s");
        goodput.addSeries("offered", x, LOADS.stream().map(l -> on.get(l).offeredPerSecond()).toList());
        goodput.addSeries("admitted, shedding on", x, LOADS.stream().map(l -> on.get(l).admittedPerSecond()).toList());
        goodput.addSeries("admitted, shedding off", x, LOADS.stream().map(l -> off.get(l).admittedPerSecond()).toList());
        md.add("");
        md.add("![latency vs load](" + Charts.save(latency, dir, "latency-vs-load") + ")");
        md.add("");
        md.add("![admitted vs offered](" + Charts.save(goodput, dir, "admitted-vs-offered") + ")");
        Report.write(dir, json, md);
    }
}
