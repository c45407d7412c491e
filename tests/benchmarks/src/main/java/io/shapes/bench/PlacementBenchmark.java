package io.shapes.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.knowm.xchart.CategoryChart;

import io.shapes.core.Placement;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;
import io.shapes.operations.PlacementChoice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;

/**
 * Placement width, measured (DESIGN.md, "Placement width"). One deployment of 8 cells and a router.
 * <ol>
 * <li><b>A whale.</b> 20 tenants, one of them doing 40 % of the writes, closed loop. Twice: the whale at width 1 (its
 * hashed bucket, as before placements), then a fresh whale at width 8; the 19 others at width 1 both times. Reports
 * each cell's new shapes and the fullest cell ÷ the mean.</li>
 * <li><b>Blast radius.</b> 20,000 placements chosen by the control plane's own {@link PlacementChoice} on the
 * deployment's map and its cells' real fill, for k = 1, 2, 3: the share of the other tenants that hold exactly a
 * tenant's cells, measured against 1 / C(8, k).</li>
 * <li><b>The price.</b> Count latency and cells asked for tenants of width 1, 2, 4 and 8, in alternating rounds.</li>
 * </ol>
 */
public final class PlacementBenchmark {
    private static final int CELLS = 8;
    private static final int CLIENTS = 8;
    private static final Duration WRITING = Duration.ofSeconds(Integer.getInteger("bench.write-seconds", 20));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Duration ROUND = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    private static final int[] WIDTHS = {1, 2, 4, 8};
    private static final int PLACEMENTS = 20_000;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private LocalDeployment deployment;
    private HttpTarget router;
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        BenchmarkMain.run(() -> new PlacementBenchmark().run());
    }

    private void run() throws Exception {
        Path dir = Artifacts.repositoryRoot().resolve("tests/benchmarks/target/bench/placement-" + Report.stamp());
        Progress progress = new Progress(Duration.ofSeconds(120 + 2 * WRITING.toSeconds() + 2 * (ROUNDS + 1)
                * WIDTHS.length * ROUND.toSeconds()));
        Map<String, Object> json = Report.header(CLIENTS, ROUNDS, ROUND.toSeconds());
        List<String> md = new ArrayList<>();
        try {
            progress.step("starting " + CELLS + " cells and a router");
            deployment = LocalDeployment.start(dir.resolve("deployment"), LocalDeployment.Settings.defaults()
                    .cells(CELLS).routers(1).cellCapacity(10_000_000).jvmOptions(List.of("-Xms128m", "-Xmx384m"))
                    .routerProperty("shapes.router.limits.tenant-rate-per-second", "1000000"));
            router = new HttpTarget(vertx, deployment.router(0).url(), deployment.adminToken(), CLIENTS);
            whale(progress, dir, json, md);
            blastRadius(progress, dir, json, md);
            price(progress, dir, json, md);
            Report.write(dir, json, md);
        } finally {
            if (deployment != null) {
                deployment.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        RunDirectory.dropDatabases(dir);
    }

    private void whale(Progress progress, Path dir, Map<String, Object> json, List<String> md) throws Exception {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            others.add("minnow-" + i);
            keys.put("minnow-" + i, deployment.controlStore().tenants().create("minnow-" + i).apiKey());
        }
        keys.put("whale-narrow", deployment.controlStore().tenants().create("whale-narrow").apiKey());
        keys.put("whale-wide", deployment.controlStore().tenants().create("whale-wide").apiKey());
        deployment.tenantPlacements().spread("whale-wide", 8);
        awaitServed(List.copyOf(keys.keySet()));
        md.add("## 1. One tenant doing 40 % of the writes");
        md.add("");
        md.add(String.format("%d s of puts by 20 tenants, %d closed-loop clients; the whale sends 40 %% of them. The 19"
                + " others have width 1 (their hashed bucket) in both runs.", WRITING.toSeconds(), CLIENTS));
        md.add("");
        md.add("| whale's width | new shapes per cell | fullest cell ÷ mean |");
        md.add("|---|---|---|");
        CategoryChart chart = Charts.bars("New shapes per cell: one tenant does 40 % of the writes", "cell",
                "shapes ÷ mean");
        for (String whale : List.of("whale-narrow", "whale-wide")) {
            int width = deployment.controlStore().tenants().placement(whale).width();
            progress.step("writing for " + WRITING.toSeconds() + " s, the whale at width " + width);
            Map<String, Long> before = fill();
            ClosedLoop.Result result = ClosedLoop.run("whale " + width, CLIENTS, WRITING, () -> {
                String tenant = ThreadLocalRandom.current().nextDouble() < 0.4 ? whale
                        : others.get(ThreadLocalRandom.current().nextInt(others.size()));
                return put(tenant);
            });
            Map<String, Long> added = new LinkedHashMap<>();
            fill().forEach((cell, shapes) -> added.put(cell, shapes - before.getOrDefault(cell, 0L)));
            double mean = added.values().stream().mapToLong(Long::longValue).average().orElse(0);
            double max = added.values().stream().mapToLong(Long::longValue).max().orElse(0);
            md.add(String.format("| %d | %s | %.2f× |", width, added.values().stream().map(n -> String.format("%,d", n))
                    .toList(), max / mean));
            json.put("whaleWidth" + width, Map.of("shapesPerCell", added, "fullestOverMean", max / mean,
                    "errors", result.errors()));
            chart.addSeries("whale at width " + width, new ArrayList<>(added.keySet()),
                    added.values().stream().map(n -> n / mean).toList());
        }
        md.add("");
        md.add("![fill per cell](" + Charts.save(chart, dir, "placement-whale") + ")");
        md.add("");
    }

    private void blastRadius(Progress progress, Path dir, Map<String, Object> json, List<String> md) throws Exception {
        progress.step("choosing " + PLACEMENTS + " placements for k = 1, 2, 3");
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        Map<String, Double> fill = deployment.tenantPlacements().fills(map);
        md.add("## 2. Blast radius: tenants that share all of their cells with a given one");
        md.add("");
        md.add(String.format("%,d placements per k, chosen by the control plane's own placement code on this deployment's"
                + " map of 8 cells and their fill at the time. Measured: the mean, over tenants, of the share of the"
                + " others whose cells are exactly its cells.", PLACEMENTS));
        md.add("");
        md.add("| k | measured | predicted 1 / C(8, k) | measured ÷ predicted | tenants sharing no cell with a given one |");
        md.add("|---|---|---|---|---|");
        CategoryChart chart = Charts.bars("Share of tenants sharing all of their cells with a given one (8 cells)", "k",
                "share of the other tenants");
        List<String> ks = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<Double> predicted = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            List<Set<String>> chosen = new ArrayList<>();
            Map<Set<String>, Integer> byCells = new HashMap<>();
            for (int i = 0; i < PLACEMENTS; i++) {
                Placement placement = PlacementChoice.widen("tenant-" + i, null, k, map, fill);
                Set<String> cells = new TreeSet<>();
                placement.buckets().forEach(b -> cells.add(map.cellFor(b).orElseThrow()));
                chosen.add(cells);
                byCells.merge(cells, 1, Integer::sum);
            }
            double sharingAll = 0;
            for (int count : byCells.values()) {
                sharingAll += (double) count * (count - 1) / (PLACEMENTS - 1);
            }
            sharingAll /= PLACEMENTS;
            double sharingNone = 0;
            for (int i = 0; i < 500; i++) {
                Set<String> mine = chosen.get(i);
                sharingNone += chosen.stream().filter(c -> c.stream().noneMatch(mine::contains)).count()
                        / (double) (PLACEMENTS - 1);
            }
            sharingNone /= 500;
            double expected = 1.0 / combinations(CELLS, k);
            md.add(String.format("| %d | %.4f | %.4f | %.2f | %.1f %% |", k, sharingAll, expected, sharingAll / expected,
                    sharingNone * 100));
            json.put("blastRadiusK" + k, Map.of("measured", sharingAll, "predicted", expected, "sharingNone",
                    sharingNone));
            ks.add("k = " + k);
            measured.add(sharingAll);
            predicted.add(expected);
        }
        chart.addSeries("measured", ks, measured);
        chart.addSeries("predicted 1 / C(8, k)", ks, predicted);
        md.add("");
        md.add("![blast radius](" + Charts.save(chart, dir, "placement-blast-radius") + ")");
        md.add("");
    }

    private void price(Progress progress, Path dir, Map<String, Object> json, List<String> md) throws Exception {
        List<String> tenants = new ArrayList<>();
        for (int width : WIDTHS) {
            String tenant = "counted-" + width;
            tenants.add(tenant);
            keys.put(tenant, deployment.controlStore().tenants().create(tenant).apiKey());
            if (width > 1) {
                deployment.tenantPlacements().spread(tenant, width);
            }
        }
        awaitServed(tenants);
        for (String tenant : tenants) {
            for (int i = 0; i < 200; i++) {
                put(tenant).toCompletionStage().toCompletableFuture().get();
            }
        }
        md.add("## 3. The price: a count asks every cell of the placement");
        md.add("");
        md.add(String.format("Count of all types (200 shapes per tenant), the median of %d rounds of %d s per width, rounds"
                + " alternating; with 1 client (no queueing: the latency a count adds) and with %d closed-loop clients (the"
                + " machine saturated: the capacity a count takes).", ROUNDS, ROUND.toSeconds(), CLIENTS));
        md.add("");
        md.add("| clients | width | cells asked | count p50 ms | count p99 ms | counts/s | p50 ÷ width 1 | machine CPU ms per count |");
        md.add("|---|---|---|---|---|---|---|---|");
        CategoryChart chart = Charts.bars("Count p50 by placement width (8 cells)", "width", "p50 ms");
        for (int clients : new int[] {1, CLIENTS}) {
            Map<Integer, List<ClosedLoop.Result>> rounds = new LinkedHashMap<>();
            Map<Integer, LongAdder[]> fanOut = new LinkedHashMap<>();
            for (int width : WIDTHS) {
                rounds.put(width, new ArrayList<>());
                fanOut.put(width, new LongAdder[] {new LongAdder(), new LongAdder()});
                ClosedLoop.run("warm " + width, clients, ROUND, () -> count("counted-" + width, null));
            }
            for (int round = 1; round <= ROUNDS; round++) {
                for (int width : WIDTHS) {
                    ClosedLoop.Result r = ClosedLoop.run("count width " + width, clients, ROUND,
                            () -> count("counted-" + width, fanOut.get(width)));
                    rounds.get(width).add(r);
                    progress.step(clients + " client(s), round " + round + "/" + ROUNDS + " count at width " + width + ": "
                            + SideBySide.describe(r));
                }
            }
            List<String> labels = new ArrayList<>();
            List<Double> p50s = new ArrayList<>();
            double base = Double.NaN;
            for (int width : WIDTHS) {
                List<ClosedLoop.Result> sorted = new ArrayList<>(rounds.get(width));
                sorted.sort(java.util.Comparator.comparingDouble(ClosedLoop.Result::p50Ms));
                ClosedLoop.Result median = sorted.get(sorted.size() / 2);
                LongAdder[] f = fanOut.get(width);
                double asked = (double) f[1].sum() / Math.max(1, f[0].sum());
                if (width == 1) {
                    base = median.p50Ms();
                }
                md.add(String.format("| %d | %d | %.1f | %.2f | %.2f | %,.0f | %.2f× | %.2f |", clients, width, asked,
                        median.p50Ms(), median.p99Ms(), median.throughput(), median.p50Ms() / base,
                        median.cpuMsPerOperation()));
                json.put("count" + clients + "ClientsWidth" + width, Map.of("cellsAsked", asked, "p50Ms",
                        median.p50Ms(), "p99Ms", median.p99Ms(), "perSecond", median.throughput(), "errors",
                        median.errors(), "cpuMsPerCount", median.cpuMsPerOperation()));
                labels.add(String.valueOf(width));
                p50s.add(median.p50Ms());
            }
            chart.addSeries(clients + " client(s)", labels, p50s);
        }
        md.add("");
        md.add("![count latency by width](" + Charts.save(chart, dir, "placement-price") + ")");
    }

    private Future<?> put(String tenant) {
        return router.exchange(keys.get(tenant), HttpMethod.POST, "/v1/tenants/" + tenant + "/shapes",
                "{\"type\":\"circle\"}").map(reply -> {
                    if (reply.status() != 201) {
                        throw new IllegalStateException("put -> " + reply.status() + " " + reply.body());
                    }
                    return reply;
                });
    }

    private Future<?> count(String tenant, LongAdder[] fanOut) {
        return router.exchange(keys.get(tenant), HttpMethod.GET, "/v1/tenants/" + tenant + "/counts", null)
                .map(reply -> {
                    if (reply.status() != 200) {
                        throw new IllegalStateException("count -> " + reply.status() + " " + reply.body());
                    }
                    if (fanOut != null) {
                        fanOut[0].increment();
                        fanOut[1].add(reply.fanOut());
                    }
                    return reply;
                });
    }

    private Map<String, Long> fill() {
        Map<String, Long> shapes = new LinkedHashMap<>();
        for (var cell : deployment.cellManager("cell", "list", "--json").json()) {
            shapes.put(cell.get("name").asText(), cell.get("shapes").asLong());
        }
        return shapes;
    }

    private void awaitServed(List<String> tenants) throws Exception {
        for (String tenant : tenants) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    count(tenant, null).toCompletionStage().toCompletableFuture().get();
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static long combinations(int n, int k) {
        long c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
        }
        return c;
    }
}
