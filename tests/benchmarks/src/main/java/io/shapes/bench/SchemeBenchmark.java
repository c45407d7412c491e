package io.shapes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.knowm.xchart.CategoryChart;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;

/**
 * Issue "benchmarks", scenario 3: the partition-key trade-offs, measured. One deployment of 4 cells per scheme
 * (tenant, type, id-range), all three up at once, each fed the same skewed workload ({@link SkewedWorkload}: Zipf
 * tenants, one whale, few circles). Reports each cell's fill (max ÷ mean), and put / getShape / count latency and
 * fan-out (cells asked, from the router's headers), in rounds alternating between the schemes.
 */
public final class SchemeBenchmark {
    private static final int CELLS = 4;
    private static final int CLIENTS = 8;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    private static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("bench.load-seconds", 30));
    private static final List<String> JVM = List.of("-Xms128m", "-Xmx384m");
    private static final List<String> CALLS = List.of("put", "getShape", "count");

    private final SkewedWorkload workload = new SkewedWorkload(200, 1.1, 0.3, 20_000);
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new SchemeBenchmark().run());
    }

    /** One scheme's deployment, its router and what was written through it. */
    private final class Subject {
        final Scheme scheme;
        final LocalDeployment deployment;
        final HttpTarget router;
        final Map<String, String> keys = new ConcurrentHashMap<>();
        final WrittenShapes written = new WrittenShapes();
        final Map<String, List<ClosedLoop.Result>> rounds = new LinkedHashMap<>();
        final Map<String, LongAdder[]> fanOut = new LinkedHashMap<>();

        Subject(Scheme scheme, Path dir) {
            this.scheme = scheme;
            this.deployment = LocalDeployment.start(dir, LocalDeployment.Settings.defaults().scheme(scheme).cells(CELLS).routers(1)
                    .cellCapacity(10_000_000).jvmOptions(JVM)
                    .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"));
            this.router = new HttpTarget(vertx, deployment.router(0).url(), deployment.adminToken(), CLIENTS);
            for (String call : CALLS) {
                rounds.put(call, new ArrayList<>());
                fanOut.put(call, new LongAdder[] {new LongAdder(), new LongAdder()});
            }
        }

        Supplier<Future<?>> call(String call) {
            return switch (call) {
                case "put" -> this::put;
                case "getShape" -> this::get;
                default -> this::count;
            };
        }

        Future<?> put() {
            String tenant = workload.tenant();
            return send("put", tenant, HttpMethod.POST, "/shapes", "{\"type\":\"" + workload.type() + "\"}")
                    .map(body -> {
                        written.addFromAnswer(tenant, body);
                        return body;
                    });
        }

        Future<?> get() {
            WrittenShapes.Shape shape = written.random();
            return send("getShape", shape.tenant(), HttpMethod.GET, "/shapes/" + shape.id(), null);
        }

        Future<?> count() {
            return send("count", workload.tenant(), HttpMethod.GET, "/counts?type=" + workload.type(), null);
        }

        Future<String> send(String call, String tenant, HttpMethod method, String path, String body) {
            return router.exchange(key(tenant), method, "/v1/tenants/" + tenant + path, body).map(reply -> {
                if (reply.status() >= 300) {
                    throw new IllegalStateException(call + " -> " + reply.status() + " " + reply.body());
                }
                fanOut.get(call)[0].increment();
                fanOut.get(call)[1].add(reply.fanOut());
                return reply.body();
            });
        }

        String key(String tenant) {
            return keys.computeIfAbsent(tenant, deployment::createTenant);
        }

        double meanFanOut(String call) {
            LongAdder[] f = fanOut.get(call);
            return f[0].sum() == 0 ? Double.NaN : (double) f[1].sum() / f[0].sum();
        }

        ClosedLoop.Result median(String call) {
            List<ClosedLoop.Result> sorted = new ArrayList<>(rounds.get(call));
            sorted.sort(Comparator.comparingDouble(ClosedLoop.Result::p99Ms));
            return sorted.get(sorted.size() / 2);
        }

        Map<String, Long> fill() {
            Map<String, Long> shapes = new LinkedHashMap<>();
            for (JsonNode cell : deployment.cellManager("cell", "list", "--json").json()) {
                shapes.put(cell.get("name").asText(), cell.get("shapes").asLong());
            }
            return shapes;
        }
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/schemes-" + Report.stamp());
        Progress progress = new Progress(LOAD.plusSeconds(20).multipliedBy(3)
                .plus(ROUND.multipliedBy(ROUNDS * 9L)).plusSeconds(180));
        Map<Scheme, Subject> subjects = new EnumMap<>(Scheme.class);
        try {
            for (Scheme scheme : Scheme.values()) {
                progress.step("starting 4 cells and a router, scheme " + scheme.wireName());
                subjects.put(scheme, new Subject(scheme, dir.resolve(scheme.wireName())));
            }
            for (Subject s : subjects.values()) {
                progress.step("creating " + workload.tenants().size() + " tenants, scheme " + s.scheme.wireName());
                workload.tenants().forEach(s::key);
            }
            for (Subject s : subjects.values()) {
                progress.step("loading for " + LOAD.toSeconds() + " s, scheme " + s.scheme.wireName());
                awaitRouterKnowsKeys(s);
                ClosedLoop.Result load = ClosedLoop.run("load", 16, LOAD, s::put);
                progress.step("loaded " + load.operations() + " shapes (" + load.errors() + " errors)");
                ClosedLoop.run("warm get", CLIENTS, ROUND, s::get);
                ClosedLoop.run("warm count", CLIENTS, ROUND, s::count);
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (Subject s : subjects.values()) {
                    for (String call : CALLS) {
                        ClosedLoop.Result r = ClosedLoop.run(call, CLIENTS, ROUND, s.call(call));
                        s.rounds.get(call).add(r);
                        progress.step("round " + round + "/" + ROUNDS + " " + s.scheme.wireName() + " " + call + ": "
                                + SideBySide.describe(r));
                    }
                }
            }
            report(dir, subjects);
        } finally {
            for (Subject s : subjects.values()) {
                s.deployment.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        RunDirectory.dropDatabases(dir);
    }

    private static void awaitRouterKnowsKeys(Subject s) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                s.count().toCompletionStage().toCompletableFuture().get();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void report(Path dir, Map<Scheme, Subject> subjects) throws Exception {
        Map<String, Object> json = Report.header(CLIENTS, ROUNDS, ROUND.toSeconds());
        json.put("workload", workload.describe());
        List<String> md = new ArrayList<>();
        md.add("Workload: " + workload.describe() + "; " + CELLS + " cells per scheme; " + CLIENTS
                + " closed-loop clients; latency is the median round of " + ROUNDS + ".");
        md.add("");
        md.add("| scheme | shapes per cell | fill max ÷ mean | put p50 / p99 ms | getShape p50 / p99 ms"
                + " | count p50 / p99 ms | cells asked: put / get / count |");
        md.add("|---|---|---|---|---|---|---|");
        CategoryChart fillChart = Charts.bars("Shapes per cell under the same skewed workload", "cell", "shapes");
        CategoryChart latencyChart = Charts.bars("p99 latency per call and scheme (4 cells)", "call", "p99 ms");
        for (Subject s : subjects.values()) {
            Map<String, Long> fill = s.fill();
            double max = fill.values().stream().mapToLong(Long::longValue).max().orElse(0);
            double mean = fill.values().stream().mapToLong(Long::longValue).average().orElse(0);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("shapesPerCell", fill);
            figures.put("fillMaxOverMean", max / mean);
            StringBuilder row = new StringBuilder(String.format("| %s | %s | %.2f× |", s.scheme.wireName(),
                    fill.values().stream().map(n -> String.format("%,d", n)).toList(), max / mean));
            List<Double> p99s = new ArrayList<>();
            for (String call : CALLS) {
                ClosedLoop.Result r = s.median(call);
                figures.put(call, Map.of("p50Ms", r.p50Ms(), "p99Ms", r.p99Ms(), "opsPerSecond", r.throughput(),
                        "errors", r.errors(), "meanCellsAsked", s.meanFanOut(call)));
                row.append(String.format(" %.2f / %.2f |", r.p50Ms(), r.p99Ms()));
                p99s.add(r.p99Ms());
            }
            row.append(String.format(" %.1f / %.1f / %.1f |", s.meanFanOut("put"), s.meanFanOut("getShape"),
                    s.meanFanOut("count")));
            md.add(row.toString());
            json.put(s.scheme.wireName(), figures);
            fillChart.addSeries(s.scheme.wireName(), new ArrayList<>(fill.keySet()), new ArrayList<>(fill.values()));
            latencyChart.addSeries(s.scheme.wireName(), CALLS, p99s);
        }
        md.add("");
        md.add("![shapes per cell](" + Charts.save(fillChart, dir, "fill") + ")");
        md.add("");
        md.add("![p99 per call](" + Charts.save(latencyChart, dir, "latency") + ")");
        Report.write(dir, json, md);
    }
}
