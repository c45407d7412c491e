package io.shapes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;

/**
 * Issue "router" benchmark. (a) put and getShape through the router vs straight to the cell behind it, same run,
 * 32 concurrent clients (and getShape with one client, where nothing queues), alternating rounds. Where nginx is
 * installed, getShape also goes through one nginx hop to the cell, against straight to it in rounds of its own: the
 * reference of what a plain proxy costs on the same machine ({@link NginxHop}). The scattered count has its own
 * benchmark ({@link ScatterBenchmark}).
 */
public final class RouterBenchmark {
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final int TENANTS = 64;
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx768m");

    private final WrittenShapes written = new WrittenShapes();
    private final List<String> tenants = new ArrayList<>();
    private final Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new RouterBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/router-" + Report.stamp());
        Progress progress = new Progress(ROUND.multipliedBy(ROUNDS * 7L).plusSeconds(135));
        progress.step("starting a control store, one cell and one router in " + dir.resolve("hop"));
        SideBySide put;
        SideBySide get;
        SideBySide lone;
        Optional<SideBySide> nginx;
        try (LocalDeployment deployment = deployment(dir.resolve("hop"), 1)) {
            for (int i = 0; i < TENANTS; i++) {
                String tenant = "bench-" + i;
                tenants.add(tenant);
                keys.put(tenant, deployment.createTenant(tenant));
            }
            HttpTarget cell = new HttpTarget(vertx, deployment.cell("cell-1").url(), deployment.cellTokens().dataToken(), CONCURRENCY);
            HttpTarget router = new HttpTarget(vertx, deployment.router(0).url(), deployment.adminToken(), CONCURRENCY);
            awaitKeys(router);
            Api cellShapes = new Api(cell, "/internal/v1/tenants/", false);
            Api routerShapes = new Api(router, "/v1/tenants/", true);
            progress.step("warming up (JIT, connections)");
            ClosedLoop.run("warm cell", CONCURRENCY, Duration.ofSeconds(15), () -> put(cellShapes));
            ClosedLoop.run("warm router", CONCURRENCY, Duration.ofSeconds(30), () -> put(routerShapes));
            ClosedLoop.run("warm get", CONCURRENCY, Duration.ofSeconds(15), () -> get(routerShapes));
            ClosedLoop.run("warm get", CONCURRENCY, Duration.ofSeconds(5), () -> get(cellShapes));
            ProcessSet processes = new ProcessSet().process("router", deployment.router(0).service().pid())
                    .process("cell", deployment.cell("cell-1").service().pid())
                    .tree("PostgreSQL", deployment.cell("cell-1").database().orElseThrow().postmasterPid())
                    .loadGenerator();
            put = SideBySide.measure(ROUNDS, () -> ClosedLoop.run("cell put", CONCURRENCY, ROUND, () -> put(cellShapes)),
                    () -> ClosedLoop.run("router put", CONCURRENCY, ROUND, () -> put(routerShapes)), progress, "put",
                    processes);
            get = SideBySide.measure(ROUNDS, () -> ClosedLoop.run("cell get", CONCURRENCY, ROUND, () -> get(cellShapes)),
                    () -> ClosedLoop.run("router get", CONCURRENCY, ROUND, () -> get(routerShapes)), progress, "get",
                    processes);
            // one client: nothing queues, so the difference is the hop itself
            lone = SideBySide.measure(ROUNDS, () -> ClosedLoop.run("cell get", 1, ROUND.dividedBy(2), () -> get(cellShapes)),
                    () -> ClosedLoop.run("router get", 1, ROUND.dividedBy(2), () -> get(routerShapes)), progress,
                    "get, 1 client", processes);
            nginx = throughNginx(dir.resolve("nginx"), deployment, cellShapes, progress);
        }
        report(dir, put, get, lone, nginx);
        RunDirectory.dropDatabases(dir);
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    /**
     * getShape straight to the cell and through one nginx hop to it, where nginx is installed. The reference is not
     * the benchmark: an nginx that does not start is reported, and the router's figures are kept.
     */
    private Optional<SideBySide> throughNginx(Path dir, LocalDeployment deployment, Api cellShapes, Progress progress)
            throws Exception {
        CellNode cell = deployment.cell("cell-1");
        Optional<NginxHop> started;
        try {
            started = NginxHop.start(dir, cell.url());
        } catch (IOException e) {
            progress.step("no reference hop measured: " + e.getMessage());
            return Optional.empty();
        }
        if (started.isEmpty()) {
            progress.step("no nginx here: no reference hop measured");
            return Optional.empty();
        }
        try (NginxHop hop = started.get()) {
            Api nginxShapes = new Api(new HttpTarget(vertx, hop.url(), deployment.cellTokens().dataToken(), CONCURRENCY),
                    "/internal/v1/tenants/", false);
            ClosedLoop.run("warm nginx", CONCURRENCY, Duration.ofSeconds(5), () -> get(nginxShapes));
            ProcessSet processes = new ProcessSet().tree("nginx", hop.pid()).process("cell", cell.service().pid())
                    .tree("PostgreSQL", cell.database().orElseThrow().postmasterPid()).loadGenerator();
            return Optional.of(SideBySide.measure(ROUNDS,
                    () -> ClosedLoop.run("cell get", CONCURRENCY, ROUND, () -> get(cellShapes)),
                    () -> ClosedLoop.run("nginx get", CONCURRENCY, ROUND, () -> get(nginxShapes)), progress,
                    "get through one nginx hop", processes));
        }
    }

    private static LocalDeployment deployment(Path dir, int cells) {
        return LocalDeployment.start(dir, LocalDeployment.Settings.defaults().scheme(Scheme.TENANT).cells(cells).routers(1).cellCapacity(10_000_000)
                .cellMaxInFlight(4096).jvmOptions(JVM)
                .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"));
    }

    /** The shapes API of a target: the cell's internal one (its token) or the router's (each tenant's key). */
    private record Api(HttpTarget target, String base, boolean perTenantKey) {
    }

    private void awaitKeys(HttpTarget router) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = tenants.get(tenants.size() - 1);
        while (true) {
            try {
                router.sendAs(keys.get(last), HttpMethod.GET, "/v1/tenants/" + last + "/counts", null)
                        .toCompletionStage().toCompletableFuture().get();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private Future<?> put(Api api) {
        String tenant = tenants.get(ThreadLocalRandom.current().nextInt(TENANTS));
        return send(api, tenant, HttpMethod.POST, "/shapes", "{\"type\":\"circle\"}").map(body -> {
            // only shapes put through the router are read back (both ways): a put straight to the cell picks the
            // tenant's hashed bucket, which its placement may not hold, and the router answers 404 for those ids
            if (api.perTenantKey()) {
                written.addFromAnswer(tenant, body);
            }
            return body;
        });
    }

    private Future<?> get(Api api) {
        WrittenShapes.Shape shape = written.random();
        return send(api, shape.tenant(), HttpMethod.GET, "/shapes/" + shape.id(), null);
    }

    private Future<String> send(Api api, String tenant, HttpMethod method, String path, String body) {
        String fullPath = api.base() + tenant + path;
        return api.perTenantKey() ? api.target().sendAs(keys.get(tenant), method, fullPath, body)
                : api.target().send(method, fullPath, body);
    }

    private static void report(Path dir, SideBySide put, SideBySide get, SideBySide lone, Optional<SideBySide> nginx)
            throws Exception {
        Map<String, Object> json = Report.header(CONCURRENCY, ROUNDS, ROUND.toSeconds());
        json.put("put", figures(put, "router", "ThroughTheRouter"));
        json.put("get", figures(get, "router", "ThroughTheRouter"));
        json.put("getOneClient", figures(lone, "router", "ThroughTheRouter"));
        nginx.ifPresent(reference -> json.put("getThroughOneNginxHop", figures(reference, "nginx", "ThroughNginx")));

        List<String> md = new ArrayList<>();
        md.add("| call | cell ops/s | router ops/s | ratio | added p50 ms | added p99 ms | router p50 / p99 ms"
                + " | cell p50 / p99 ms | CPU ms/op cell / router | CPU ms/op by process, straight → through the router"
                + " | errors |");
        md.add("|---|---|---|---|---|---|---|---|---|---|---|");
        md.add(row("put", put));
        md.add(row("getShape", get));
        md.add(row("getShape, 1 client", lone));
        nginx.ifPresent(reference -> md.add(row("getShape through one nginx hop instead of the router (reference)",
                reference)));
        Report.write(dir, json, md);
    }

    /** The figures of straight to the cell against through {@code hop} (the router, or the nginx reference). */
    private static Map<String, Object> figures(SideBySide s, String hop, String throughHop) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("cellOpsPerSecond", s.medianBaseline().throughput());
        f.put(hop + "OpsPerSecond", s.medianCandidate().throughput());
        f.put("ratio", s.throughputRatio());
        f.put("addedP50Ms", s.medianCandidate().p50Ms() - s.medianBaseline().p50Ms());
        f.put("addedP99Ms", s.medianCandidate().p99Ms() - s.medianBaseline().p99Ms());
        f.put("cellCpuMsPerOperation", s.medianBaseline().cpuMsPerOperation());
        f.put(hop + "CpuMsPerOperation", s.medianCandidate().cpuMsPerOperation());
        f.put("cpuMsPerOperationByProcessStraight", s.processCpu(s.medianBaseline()));
        f.put("cpuMsPerOperationByProcess" + throughHop, s.processCpu(s.medianCandidate()));
        f.put("errors", s.errors());
        return f;
    }

    private static String row(String call, SideBySide s) {
        return String.format("| %s | %.0f | %.0f | %.2f× | %+.2f | %+.2f | %.2f / %.2f | %.2f / %.2f | %s | %s | %d |", call,
                s.medianBaseline().throughput(), s.medianCandidate().throughput(), s.throughputRatio(),
                s.medianCandidate().p50Ms() - s.medianBaseline().p50Ms(),
                s.medianCandidate().p99Ms() - s.medianBaseline().p99Ms(), s.medianCandidate().p50Ms(),
                s.medianCandidate().p99Ms(), s.medianBaseline().p50Ms(), s.medianBaseline().p99Ms(), s.cpuColumn(),
                s.processCpuColumn(), s.errors());
    }
}
