package io.shapes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.knowm.xchart.XYChart;

import io.shapes.cell.data.PipelinedReads;
import io.shapes.cell.data.ShapeStore;
import io.shapes.core.Buckets;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.CellTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Issue "cell" benchmark and scenario 1 of the benchmarks issue: one cell and its PostgreSQL.
 * (a) put, get and count through the cell's HTTP API vs the same SQL sent straight to the same PostgreSQL, the way
 * the cell sends it (a get's primary-key read on pipelined connections, as {@code PipelinedReads} does; put and count
 * on a pool), with 1, 8 and 32 concurrent clients, alternating rounds;
 * (b) count latency for a (tenant, type) holding 1,000,000 shapes vs one holding 100.
 */
public final class CellBenchmark {
    private static final CellTokens TOKENS = CellTokens.random();
    private static final List<Integer> CLIENTS = List.of(1, 8, 32);
    private static final int CONCURRENCY = 32;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    private static final int TENANTS = 1000;
    private static final int POOL_SIZE = 24;
    /** The cell's default {@code shapes.cell.db.read-connections}, each as deep as {@link PipelinedReads#DEPTH}. */
    private static final int READ_CONNECTIONS = 4;

    private final WrittenShapes written = new WrittenShapes();
    private HttpTarget cell;
    private Pool direct;
    private SqlClient directReads;

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new CellBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/cell-" + Report.stamp());
        Progress progress = new Progress(ROUND.multipliedBy(ROUNDS * 8L * CLIENTS.size() + ROUNDS * 2L).plusSeconds(110));
        progress.step("starting a cell and its PostgreSQL in " + dir);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (CellNode cell = CellNode.start(new CellNode.Spec("bench-cell", Scheme.TENANT, 5_000_000, 4096, TOKENS,
                List.of("-Xms512m", "-Xmx1g")), dir)) {
            this.cell = new HttpTarget(vertx, cell.url(), TOKENS.adminToken(), CONCURRENCY);
            var db = cell.database().orElseThrow();
            PgConnectOptions database = new PgConnectOptions().setHost("127.0.0.1").setPort(db.port())
                    .setDatabase(db.database()).setUser(db.user()).setPassword(db.password())
                    .setCachePreparedStatements(true);
            direct = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(POOL_SIZE))
                    .connectingTo(database).using(vertx).build();
            directReads = PgBuilder.client().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(READ_CONNECTIONS))
                    .connectingTo(new PgConnectOptions(database).setPipeliningLimit(PipelinedReads.DEPTH))
                    .using(vertx).build();
            send(HttpMethod.PUT, "/internal/v1/ownership/0-16384", "{\"state\":\"OWNED\",\"mapVersion\":1}")
                    .toCompletionStage().toCompletableFuture().get();

            progress.step("warming up (JIT, connections)");
            ClosedLoop.run("warm-http", CONCURRENCY, Duration.ofSeconds(20), this::cellPut);
            ClosedLoop.run("warm-sql", CONCURRENCY, Duration.ofSeconds(4), this::directPut);
            ClosedLoop.run("warm-get", CONCURRENCY, Duration.ofSeconds(8), this::cellGet);

            Map<String, SideBySide> calls = new LinkedHashMap<>();
            ProcessSet processes = new ProcessSet().process("cell", cell.service().pid())
                    .tree("PostgreSQL", db.postmasterPid()).loadGenerator();
            for (int clients : CLIENTS) {
                calls.put("put, " + clients + " client(s)", SideBySide.measure(ROUNDS,
                        () -> ClosedLoop.run("sql put", clients, ROUND, this::directPut),
                        () -> ClosedLoop.run("cell put", clients, ROUND, this::cellPut), progress, "put x" + clients,
                        processes));
                calls.put("get, " + clients + " client(s)", SideBySide.measure(ROUNDS,
                        () -> ClosedLoop.run("sql get", clients, ROUND, this::directGet),
                        () -> ClosedLoop.run("cell get", clients, ROUND, this::cellGet), progress, "get x" + clients,
                        processes));
                calls.put("get vs SQL on a pool, " + clients + " client(s)", SideBySide.measure(ROUNDS,
                        () -> ClosedLoop.run("sql get on a pool", clients, ROUND, this::directGetOnAPool),
                        () -> ClosedLoop.run("cell get", clients, ROUND, this::cellGet), progress,
                        "get vs pool x" + clients, processes));
                calls.put("count, " + clients + " client(s)", SideBySide.measure(ROUNDS,
                        () -> ClosedLoop.run("sql count", clients, ROUND, this::directCount),
                        () -> ClosedLoop.run("cell count", clients, ROUND, () -> cellCount(randomTenant())), progress,
                        "count x" + clients, processes));
            }

            progress.step("loading 1,000,000 shapes for one (tenant, type) and 100 for another");
            load("whale", 1_000_000);
            load("minnow", 100);
            progress.step("measuring count latency, 1 client");
            SideBySide count = SideBySide.measure(ROUNDS,
                    () -> ClosedLoop.run("count 100", 1, ROUND.dividedBy(2), () -> cellCount("minnow")),
                    () -> ClosedLoop.run("count 1M", 1, ROUND.dividedBy(2), () -> cellCount("whale")), progress, "count");

            report(dir, calls, count);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        RunDirectory.dropDatabases(dir);
    }

    private static String randomTenant() {
        return "t-" + ThreadLocalRandom.current().nextInt(TENANTS);
    }

    private Future<?> directCount() {
        return direct.preparedQuery(ShapeStore.COUNT_OF).execute(Tuple.of(randomTenant(), "circle"));
    }

    private Future<?> cellPut() {
        String tenant = randomTenant();
        return send(HttpMethod.POST, "/internal/v1/tenants/" + tenant + "/shapes", "{\"type\":\"circle\"}")
                .map(body -> {
                    written.addFromAnswer(tenant, body);
                    return body;
                });
    }

    private Future<?> directPut() {
        String tenant = randomTenant();
        ShapeId id = ShapeId.random(Buckets.of(tenant), ThreadLocalRandom.current());
        return direct.preparedQuery(ShapeStore.INSERT).execute(Tuple.tuple().addString(tenant).addLong(id.value())
                .addInteger(id.bucket()).addString("circle").addString(null)
                .addInteger(ThreadLocalRandom.current().nextInt(8)));
    }

    private Future<?> cellGet() {
        WrittenShapes.Shape shape = written.random();
        return send(HttpMethod.GET, "/internal/v1/tenants/" + shape.tenant() + "/shapes/" + shape.id(), null);
    }

    private Future<?> directGet() {
        return get(directReads);
    }

    /** getShape's SQL on a pool, each read on a connection of its own: how the cell sent it before PipelinedReads. */
    private Future<?> directGetOnAPool() {
        return get(direct);
    }

    private Future<?> get(SqlClient client) {
        WrittenShapes.Shape shape = written.random();
        return client.preparedQuery(ShapeStore.TYPE_OF)
                .execute(Tuple.of(shape.tenant(), ShapeId.parse(shape.id()).value()))
                .map(rows -> {
                    if (rows.size() != 1) {
                        throw new IllegalStateException("shape " + shape.id() + " not found");
                    }
                    return rows;
                });
    }

    private Future<?> cellCount(String tenant) {
        return send(HttpMethod.GET, "/internal/v1/tenants/" + tenant + "/counts?type=circle", null);
    }

    private Future<String> send(HttpMethod method, String path, String body) {
        return cell.send(method, path, body);
    }

    /** Writes rows and counts as the cell would (bucket of the tenant, 8 count stripes), straight into the table. */
    private void load(String tenant, int shapes) throws Exception {
        int bucket = Buckets.of(tenant);
        direct.withTransaction(tx -> tx.preparedQuery("insert into shapes (tenant, id, bucket, type)"
                + " select $1, ($2::bigint << 50) | g, $2, 'circle' from generate_series(1, $3) g")
                .execute(Tuple.of(tenant, bucket, shapes))
                .compose(v -> tx.preparedQuery("insert into shape_counts (tenant, type, bucket, stripe, n)"
                        + " select $1, 'circle', $2, s, $3 / 8 + case when s < $3 % 8 then 1 else 0 end"
                        + " from generate_series(0, 7) s").execute(Tuple.of(tenant, bucket, shapes))))
                .toCompletionStage().toCompletableFuture().get();
        direct.query("analyze shapes").execute().toCompletionStage().toCompletableFuture().get();
        long counted = new JsonObject(cellCount(tenant).toCompletionStage().toCompletableFuture().get().toString())
                .getLong("count");
        if (counted != shapes) {
            throw new IllegalStateException("the cell counts " + counted + " shapes for " + tenant + ", expected " + shapes);
        }
    }

    private static void report(Path dir, Map<String, SideBySide> calls, SideBySide count) throws Exception {
        Map<String, Object> json = Report.header(CONCURRENCY, ROUNDS, ROUND.toSeconds());
        Map<String, Object> byCall = new LinkedHashMap<>();
        calls.forEach((call, s) -> byCall.put(call, figures(s)));
        json.put("calls", byCall);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("p50Ms100", count.medianBaseline().p50Ms());
        counts.put("p50Ms1M", count.medianCandidate().p50Ms());
        counts.put("p99Ms100", count.medianBaseline().p99Ms());
        counts.put("p99Ms1M", count.medianCandidate().p99Ms());
        counts.put("p50Ratio", count.medianCandidate().p50Ms() / count.medianBaseline().p50Ms());
        json.put("count", counts);

        List<String> md = new ArrayList<>();
        md.add("| call | direct SQL ops/s | through the cell ops/s | ratio | cell p50 / p99 ms | SQL p50 / p99 ms"
                + " | CPU ms/op SQL / cell | CPU ms/op by process, SQL → through the cell | errors |");
        md.add("|---|---|---|---|---|---|---|---|---|");
        calls.forEach((call, s) -> md.add(row(call, s)));
        md.add("");
        md.add("| count of (tenant, type) | p50 ms | p99 ms |");
        md.add("|---|---|---|");
        md.add(String.format("| 100 shapes | %.3f | %.3f |", count.medianBaseline().p50Ms(), count.medianBaseline().p99Ms()));
        md.add(String.format("| 1,000,000 shapes | %.3f | %.3f |", count.medianCandidate().p50Ms(), count.medianCandidate().p99Ms()));
        md.add(String.format("| ratio 1M / 100 (p50) | %.2f× | |", count.medianCandidate().p50Ms() / count.medianBaseline().p50Ms()));
        XYChart ratios = Charts.lines("Throughput through the cell ÷ direct SQL, by concurrent clients", "clients", "ratio");
        for (String call : List.of("put", "get", "count")) {
            ratios.addSeries(call, CLIENTS, CLIENTS.stream().map(c -> calls.get(call + ", " + c + " client(s)")
                    .throughputRatio()).toList());
        }
        md.add("");
        md.add("![cell ÷ SQL throughput](" + Charts.save(ratios, dir, "cell-vs-sql") + ")");
        Report.write(dir, json, md);
    }

    private static Map<String, Object> figures(SideBySide s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("directOpsPerSecond", s.medianBaseline().throughput());
        f.put("cellOpsPerSecond", s.medianCandidate().throughput());
        f.put("ratio", s.throughputRatio());
        f.put("cellP50Ms", s.medianCandidate().p50Ms());
        f.put("cellP99Ms", s.medianCandidate().p99Ms());
        f.put("directP50Ms", s.medianBaseline().p50Ms());
        f.put("directP99Ms", s.medianBaseline().p99Ms());
        f.put("directCpuMsPerOperation", s.medianBaseline().cpuMsPerOperation());
        f.put("cellCpuMsPerOperation", s.medianCandidate().cpuMsPerOperation());
        f.put("cpuMsPerOperationByProcessSql", s.processCpu(s.medianBaseline()));
        f.put("cpuMsPerOperationByProcessCell", s.processCpu(s.medianCandidate()));
        f.put("errors", s.errors());
        return f;
    }

    private static String row(String call, SideBySide s) {
        return String.format("| %s | %.0f | %.0f | %.2f× | %.2f / %.2f | %.2f / %.2f | %s | %s | %d |", call,
                s.medianBaseline().throughput(), s.medianCandidate().throughput(), s.throughputRatio(),
                s.medianCandidate().p50Ms(), s.medianCandidate().p99Ms(), s.medianBaseline().p50Ms(),
                s.medianBaseline().p99Ms(), s.cpuColumn(), s.processCpuColumn(), s.errors());
    }
}
