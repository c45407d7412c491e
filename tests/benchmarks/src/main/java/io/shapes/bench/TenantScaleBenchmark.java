package io.shapes.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.XYChart;

import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.RouterNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Does a router's standing cost grow with the number of tenants? One deployment (one cell, two routers, the
 * publisher) grows from 10 to 100,000 to 1,000,000 tenants with one key each. At each size: the idle CPU and memory
 * of each router, the control plane's CPU (publisher and control store) per router, getShape through a router
 * (closed loop, a few clients) against the 10-tenant run as the baseline, and how long one new tenant takes to
 * work on every router.
 */
public final class TenantScaleBenchmark {
    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.tenants", "10,100000,1000000")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    private static final Duration IDLE = Duration.ofSeconds(Integer.getInteger("bench.idle-seconds", 30));
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 60));
    private static final int CLIENTS = 4;
    private static final int ROUTERS = 2;
    /**
     * After a bulk change the publisher reads recent changes again for a while, and PostgreSQL analyses the new
     * rows; the idle window starts after both.
     */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    /** The figures at one number of tenants. */
    record Step(int tenants, double routerIdleCpuPercent, double routerRssMib, double controlPlaneCpuPercentPerRouter,
            double getPerSecond, double getP50Ms, double getP99Ms, long errors, long newTenantReachedAllMs,
            Map<String, Double> cpuMsPerGet) {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new TenantScaleBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/tenant-scale-" + Report.stamp());
        Duration perStep = IDLE.plus(SETTLE).plus(ROUND.multipliedBy(ROUNDS + 1)).plusSeconds(60);
        Progress progress = new Progress(perStep.multipliedBy(SIZES.length).plus(WARM_UP).plusSeconds(90));
        progress.step("starting a control store, one cell, the publisher and " + ROUTERS + " routers in " + dir);
        List<Step> steps = new ArrayList<>();
        try (LocalDeployment deployment = LocalDeployment.start(dir.resolve("deployment"), LocalDeployment.Settings.defaults().scheme(Scheme.TENANT)
                .cells(1).routers(ROUTERS).cellCapacity(10_000_000).jvmOptions(List.of("-Xms256m", "-Xmx512m"))
                .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"))) {
            String key = deployment.createTenant("bench-0");
            int tenants = 1;
            HttpTarget router = new HttpTarget(vertx, deployment.router(0).url(), key, CLIENTS);
            awaitKey(deployment, "bench-0", key);
            String id = new JsonObject(router.sendAs(key, HttpMethod.POST, "/v1/tenants/bench-0/shapes",
                    "{\"type\":\"circle\"}").toCompletionStage().toCompletableFuture().get()).getString("id");
            String path = "/v1/tenants/bench-0/shapes/" + id;
            progress.step("warming up getShape for " + WARM_UP.toSeconds() + " s (JIT, connections)");
            ClosedLoop.run("warm", CLIENTS, WARM_UP, () -> router.sendAs(key, HttpMethod.GET, path, null));
            for (int size : SIZES) {
                if (size > tenants) {
                    progress.step("adding tenants " + tenants + " to " + (size - 1) + " (one key each)");
                    addTenants(deployment, tenants, size);
                    tenants = size;
                }
                progress.step("waiting until every router authenticates the newest of " + size + " tenants");
                awaitKey(deployment, "bench-" + (size - 1), "shp_bench-" + (size - 1));
                Thread.sleep(SETTLE.toMillis());
                progress.step(size + " tenants: idle for " + IDLE.toSeconds() + " s");
                Step idle = idle(deployment, size);
                progress.step(size + " tenants: getShape, " + ROUNDS + " rounds of " + ROUND.toSeconds() + " s");
                List<ClosedLoop.Result> rounds = new ArrayList<>();
                Map<String, Double> cpuBefore = cpuByPart(deployment);
                for (int i = 0; i < ROUNDS; i++) {
                    rounds.add(ClosedLoop.run("get", CLIENTS, ROUND, () -> router.sendAs(key, HttpMethod.GET, path,
                            null)));
                }
                Map<String, Double> cpuAfter = cpuByPart(deployment);
                long operations = rounds.stream().mapToLong(ClosedLoop.Result::operations).sum();
                Map<String, Double> cpuMsPerGet = new LinkedHashMap<>();
                cpuAfter.forEach((part, ms) -> cpuMsPerGet.put(part, (ms - cpuBefore.get(part)) / operations));
                cpuMsPerGet.put("machine", rounds.stream().mapToDouble(ClosedLoop.Result::busyCpuMs).sum() / operations);
                double getPerSecond = median(rounds.stream().mapToDouble(ClosedLoop.Result::throughput));
                double p50 = median(rounds.stream().mapToDouble(ClosedLoop.Result::p50Ms));
                double p99 = median(rounds.stream().mapToDouble(ClosedLoop.Result::p99Ms));
                long reached = newTenantReachesEveryRouter(deployment, "probe-" + size);
                Step step = new Step(size, idle.routerIdleCpuPercent(), idle.routerRssMib(),
                        idle.controlPlaneCpuPercentPerRouter(), getPerSecond, p50, p99,
                        rounds.stream().mapToLong(ClosedLoop.Result::errors).sum(), reached, cpuMsPerGet);
                steps.add(step);
                progress.step(step.toString());
            }
        }
        report(dir, steps);
        RunDirectory.dropDatabases(dir);
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /** The median of each round's figure: one slow round (a collection, a neighbour) does not make the step. */
    private static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /**
     * Tenants {@code from} … {@code to - 1}, each with the key {@code shp_bench-N}, written straight into the store in
     * bulk, then vacuumed and analysed (otherwise autovacuum does it later, inside an idle window).
     */
    private static void addTenants(LocalDeployment deployment, int from, int to) throws Exception {
        try (Connection c = DriverManager.getConnection(deployment.controlStoreUrl())) {
            for (int start = from; start < to; start += 100_000) {
                int end = Math.min(to, start + 100_000);
                try (PreparedStatement tenants = c.prepareStatement("insert into tenants (name) select 'bench-' || g"
                        + " from generate_series(?, ?) g");
                        PreparedStatement keys = c.prepareStatement("insert into api_keys (key_hash, tenant) select"
                                + " encode(sha256(convert_to('shp_bench-' || g, 'UTF8')), 'hex'), 'bench-' || g"
                                + " from generate_series(?, ?) g")) {
                    for (PreparedStatement s : List.of(tenants, keys)) {
                        s.setInt(1, start);
                        s.setInt(2, end - 1);
                        s.executeUpdate();
                    }
                }
                System.err.printf("  %,d of %,d tenants written%n", end, to);
            }
            // as after any bulk load: vacuum and statistics now, not in the middle of a later measurement
            try (var vacuum = c.createStatement()) {
                vacuum.execute("vacuum analyze api_keys, tenants");
            }
        }
    }

    private Step idle(LocalDeployment deployment, int size) throws InterruptedException {
        List<Long> routers = deployment.routers().stream().map(r -> r.service().pid()).toList();
        long publisher = deployment.publisher().service().pid();
        long controlDb = deployment.controlDatabase().orElseThrow().postmasterPid();
        double[] routerCpu = routers.stream().mapToDouble(ProcessCpu::cpuMs).toArray();
        double controlPlane = ProcessCpu.cpuMs(publisher) + ProcessCpu.treeCpuMs(controlDb);
        long start = System.nanoTime();
        Thread.sleep(IDLE.toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        double routerPercent = 0;
        for (int i = 0; i < routers.size(); i++) {
            routerPercent = Math.max(routerPercent, (ProcessCpu.cpuMs(routers.get(i)) - routerCpu[i]) / seconds / 10);
        }
        double controlPercent = (ProcessCpu.cpuMs(publisher) + ProcessCpu.treeCpuMs(controlDb) - controlPlane)
                / seconds / 10 / routers.size();
        double rss = routers.stream().mapToDouble(ProcessCpu::rssMib).max().orElse(0);
        return new Step(size, routerPercent, rss, controlPercent, 0, 0, 0, 0, 0, Map.of());
    }

    /** CPU milliseconds used so far by each part the getShape load goes through, and by the control plane. */
    private static Map<String, Double> cpuByPart(LocalDeployment deployment) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("router", ProcessCpu.cpuMs(deployment.router(0).service().pid()));
        parts.put("cell", ProcessCpu.cpuMs(deployment.cell("cell-1").service().pid()));
        parts.put("cell PostgreSQL", ProcessCpu.treeCpuMs(deployment.cell("cell-1").database().orElseThrow()
                .postmasterPid()));
        parts.put("control plane", ProcessCpu.cpuMs(deployment.publisher().service().pid())
                + ProcessCpu.treeCpuMs(deployment.controlDatabase().orElseThrow().postmasterPid()));
        parts.put("load generator", ProcessCpu.cpuMs(ProcessHandle.current().pid()));
        return parts;
    }

    /** Creates a tenant and returns the milliseconds until its key works on every router. */
    private long newTenantReachesEveryRouter(LocalDeployment deployment, String tenant) throws Exception {
        String key = deployment.createTenant(tenant);
        long created = System.nanoTime();
        awaitKey(deployment, tenant, key);
        return (System.nanoTime() - created) / 1_000_000;
    }

    private void awaitKey(LocalDeployment deployment, String tenant, String key) throws Exception {
        for (RouterNode node : deployment.routers()) {
            HttpTarget router = new HttpTarget(vertx, node.url(), key, 1);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (router.exchange(key, HttpMethod.GET, "/v1/tenants/" + tenant + "/counts", null)
                    .toCompletionStage().toCompletableFuture().get().status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node.name() + " did not take tenant " + tenant + "'s key");
                }
                Thread.sleep(20);
            }
        }
    }

    private static void report(Path dir, List<Step> steps) throws Exception {
        Step base = steps.get(0);
        Map<String, Object> json = Report.header(CLIENTS, ROUNDS, ROUND.toSeconds());
        json.put("routers", ROUTERS);
        json.put("idleSeconds", IDLE.toSeconds());
        json.put("steps", steps);
        List<String> md = new ArrayList<>();
        md.add("| tenants | idle router CPU (% of a core) | router RSS MiB (growth) | control plane CPU per router (%"
                + " of a core) | getShape req/s (× base) | p50 / p99 ms (p99 × base) | errors | one new tenant on"
                + " every router |");
        md.add("|---|---|---|---|---|---|---|---|");
        List<String> cpu = new ArrayList<>();
        cpu.add("");
        cpu.add("CPU ms per getShape during the load, by process:");
        cpu.add("");
        cpu.add("| tenants | " + String.join(" | ", steps.get(0).cpuMsPerGet().keySet()) + " |");
        cpu.add("|---|" + "---|".repeat(steps.get(0).cpuMsPerGet().size()));
        for (Step s : steps) {
            md.add(String.format("| %,d | %.2f | %.0f (%+.0f) | %.2f | %.0f (%.2f×) | %.2f / %.2f (%.2f×) | %d | %,d ms |",
                    s.tenants(), s.routerIdleCpuPercent(), s.routerRssMib(), s.routerRssMib() - base.routerRssMib(),
                    s.controlPlaneCpuPercentPerRouter(), s.getPerSecond(), s.getPerSecond() / base.getPerSecond(),
                    s.getP50Ms(), s.getP99Ms(), s.getP99Ms() / base.getP99Ms(), s.errors(), s.newTenantReachedAllMs()));
        }
        for (Step s : steps) {
            cpu.add(String.format("| %,d | %s |", s.tenants(), String.join(" | ", s.cpuMsPerGet().values().stream()
                    .map(v -> String.format("%.3f", v)).toList())));
        }
        md.addAll(cpu);
        double[] x = steps.stream().mapToDouble(Step::tenants).toArray();
        XYChart chart = Charts.lines("Idle router CPU and getShape p99 against tenants", "tenants (log scale)",
                "% of a core / ms");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.addSeries("idle router CPU, % of a core", x, steps.stream().mapToDouble(Step::routerIdleCpuPercent).toArray());
        chart.addSeries("getShape p99, ms", x, steps.stream().mapToDouble(Step::getP99Ms).toArray());
        chart.addSeries("control plane CPU per router, % of a core", x,
                steps.stream().mapToDouble(Step::controlPlaneCpuPercentPerRouter).toArray());
        md.add("");
        md.add("![router CPU and p99 against tenants](" + Charts.save(chart, dir, "tenant-scale") + ")");
        Report.write(dir, json, md);
    }
}
