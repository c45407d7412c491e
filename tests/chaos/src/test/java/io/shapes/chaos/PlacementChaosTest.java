package io.shapes.chaos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.shapes.core.Placement;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.Directories;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.ShapeRequests;
import io.shapes.workload.ApiClients;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * Shuffle sharding under failure (DESIGN.md, "Placement width"), on six cells with the default shard size 2. Tenants of
 * width 2 (placed by the control plane) run side by side with tenants of width 1 (their hashed bucket, as before
 * placements), under the same load and the same fault:
 * <ul>
 * <li>{@code noisy-neighbour}: one tenant, its rate limit raised, sends 10× the others' rate; the others' p99 and
 * success are reported by how many cells they share with it (0, 1, all).</li>
 * <li>{@code kill-cell-placed}: SIGKILL one cell, restart it. Width-2 tenants' unkeyed puts fail over to their other
 * cell; width-1 tenants of the dead cell fail as before; counts that need the dead cell fail fast.</li>
 * </ul>
 * Part of the chaos profile ({@code ./mvnw verify -Pchaos -pl tests/chaos -am}); reports in
 * {@code tests/target/chaos/<time>/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "chaos.placement", matches = "true")
class PlacementChaosTest {
    private static final String FAILED = "cell-3";
    private static final int TENANTS_PER_WIDTH = 24;
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final Duration BASELINE = Duration.ofSeconds(15);
    private static final Duration FAULT = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** Width-2 tenants whose puts started after the kill had returned: at least this share succeeds, each. */
    static final double MIN_FAILOVER_SUCCESS = 0.999;
    /** A tenant sharing no cell with the noisy one keeps its p99 within this factor of its baseline. */
    static final double MAX_UNSHARED_P99_GROWTH = 1.2;
    private final HttpClient http = ApiClients.newHttpClient();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<String> wide = new ArrayList<>();
    private final List<String> narrow = new ArrayList<>();
    private final List<Attempt> history = new ArrayList<>();
    private LocalDeployment deployment;
    private Path reports;

    @BeforeAll
    void start() {
        reports = Artifacts.repositoryRoot().resolve("tests/target/chaos/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path dir = Path.of("target", "deployments", "placement-chaos").toAbsolutePath();
        Directories.deleteRecursively(dir);
        deployment = LocalDeployment.start(dir, LocalDeployment.Settings.defaults().cells(6).routers(1)
                .jvmOptions(List.of("-Xmx256m", "-XX:+UseSerialGC")));
        for (int i = 0; i < TENANTS_PER_WIDTH; i++) {
            wide.add("wide-" + i);
            keys.put("wide-" + i, deployment.createTenant("wide-" + i));
            narrow.add("narrow-" + i);
            keys.put("narrow-" + i, deployment.controlStore().tenants().create("narrow-" + i).apiKey());
        }
        keys.put("noisy", deployment.createTenant("noisy"));
        deployment.controlStore().tenants().setRateLimit("noisy", 100_000);
        for (String tenant : keys.keySet()) {
            await("the router serves " + tenant).atMost(Duration.ofSeconds(30)).until(() -> count(tenant) == 200);
        }
    }

    @AfterAll
    void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Order(1)
    void aNoisyTenantHurtsOnlyTheTenantsThatShareItsCells() throws Exception {
        Set<String> noisyCells = cellsOf("noisy");
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (String tenant : wide) {
            Set<String> shared = new HashSet<>(cellsOf(tenant));
            shared.retainAll(noisyCells);
            groupOf.put(tenant, shared.isEmpty() ? "shares no cell" : shared.size() == 1 ? "shares 1 cell"
                    : "shares all cells");
        }
        Map<String, String> others = new LinkedHashMap<>();
        wide.forEach(tenant -> others.put(tenant, keys.get(tenant)));
        double perTenantRate = 4;
        List<Attempt> attempts;
        long baselineFrom;
        long noisyFrom;
        long noisyTo;
        List<Attempt> noisyAttempts;
        try (Writers writers = Writers.unkeyed(List.of(router()), others, 4, perTenantRate * others.size() / 4)) {
            writers.awaitAcknowledged(40, Duration.ofSeconds(30));
            Thread.sleep(WARM_UP.toMillis()); // the processes' warm-up (JIT, pools) is no baseline
            baselineFrom = writers.elapsedMs();
            Thread.sleep(BASELINE.toMillis());
            noisyFrom = writers.elapsedMs();
            try (Writers noisy = Writers.unkeyed(List.of(router()), Map.of("noisy", keys.get("noisy")), 2,
                    10 * perTenantRate / 2)) {
                Thread.sleep(BASELINE.toMillis());
                noisy.close();
                noisyAttempts = noisy.history();
            }
            noisyTo = writers.elapsedMs();
            writers.close();
            attempts = writers.history();
        }
        history.addAll(attempts);
        history.addAll(noisyAttempts);
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        figures.put("noisy tenant: cells", noisyCells.toString());
        figures.put("noisy tenant: puts/s", noisyAttempts.size() * 1000.0 / Math.max(1, noisyTo - noisyFrom));
        figures.put("others: puts/s per tenant", perTenantRate);
        for (String group : List.of("shares no cell", "shares 1 cell", "shares all cells")) {
            List<Attempt> mine = attempts.stream().filter(a -> group.equals(groupOf.get(a.tenant()))).toList();
            long tenants = groupOf.values().stream().filter(group::equals).count();
            Stats before = Stats.of(ChaosVerdict.between(mine, baselineFrom, noisyFrom));
            Stats during = Stats.of(ChaosVerdict.between(mine, noisyFrom, noisyTo));
            double growth = during.p99Ms() / before.p99Ms();
            figures.put(group + ": tenants", tenants);
            figures.put(group + ": baseline", before.toString());
            figures.put(group + ": beside the noisy tenant", during.toString());
            figures.put(group + ": p99 growth", growth);
            if (group.equals("shares no cell") && tenants > 0 && !(growth <= MAX_UNSHARED_P99_GROWTH)) {
                violations.add(String.format("tenants sharing no cell with the noisy one: p99 grew %.2fx (aim <= %.1fx)",
                        growth, MAX_UNSHARED_P99_GROWTH));
            }
            if (during.successRate() < 0.999) {
                violations.add(group + ": success " + during.successRate());
            }
        }
        ChaosVerdict verdict = new ChaosVerdict(figures, violations);
        Timeline timeline = new Timeline(java.time.Instant.now(), baselineFrom, noisyFrom, noisyTo, noisyTo, noisyTo,
                noisyTo);
        ChaosReport.write(reports.resolve("noisy-neighbour"), "noisy-neighbour", "One tenant (width 2, its rate limit"
                + " raised) sends 10x the rate of each of 24 others (width 2), from the shaded time on", timeline,
                attempts, a -> groupOf.get(a.tenant()), verdict, List.of());
        System.out.println("chaos noisy-neighbour: " + figures + " " + violations);
        assertTrue(violations.isEmpty(), String.join("; ", violations));
    }

    @Test
    @Order(2)
    void widthTwoTenantsFailOverWhenOneOfTheirCellsIsKilled() throws Exception {
        Map<String, String> writerKeys = new LinkedHashMap<>(keys);
        writerKeys.remove("noisy");
        Map<String, String> groupOf = new LinkedHashMap<>();
        wide.forEach(t -> groupOf.put(t, cellsOf(t).contains(FAILED) ? "k=2 with " + FAILED : "k=2 without"));
        narrow.forEach(t -> groupOf.put(t, cellsOf(t).contains(FAILED) ? "k=1 on " + FAILED : "k=1 elsewhere"));
        ConcurrentLinkedQueue<Attempt> counts = new ConcurrentLinkedQueue<>();
        List<String> countedTenants = wide.stream().filter(t -> cellsOf(t).contains(FAILED)).toList();
        Timeline timeline;
        List<Attempt> attempts;
        long started;
        long injected;
        try (Writers writers = Writers.unkeyed(List.of(router()), writerKeys, 6, 20)) {
            started = System.nanoTime() - writers.elapsedMs() * 1_000_000;
            AtomicBoolean counting = new AtomicBoolean(true);
            Thread counter = new Thread(() -> countWhile(counting, countedTenants, counts, started), "counter");
            counter.start();
            writers.awaitAcknowledged(60, Duration.ofSeconds(30));
            long baselineFrom = writers.elapsedMs();
            Thread.sleep(BASELINE.toMillis());
            long faultAt = writers.elapsedMs();
            deployment.cell(FAILED).service().kill();
            injected = writers.elapsedMs();
            Thread.sleep(FAULT.toMillis());
            long healAt = writers.elapsedMs();
            deployment.cell(FAILED).restart();
            long healedAt = writers.elapsedMs();
            String probe = narrow.stream().filter(t -> cellsOf(t).contains(FAILED)).findFirst().orElseThrow();
            await(FAILED + " serves again").atMost(Duration.ofSeconds(60)).until(() -> put(probe) == 201);
            long recoveredAt = writers.elapsedMs();
            Thread.sleep(SETTLE.toMillis());
            counting.set(false);
            counter.join();
            timeline = new Timeline(writers.startedAt(), baselineFrom, faultAt, healAt, healedAt, recoveredAt,
                    writers.elapsedMs());
            writers.close();
            attempts = writers.history();
            history.addAll(attempts);
        }
        // over every write of the class so far: the noisy-neighbour run wrote for these tenants too
        HistoryCheck.Verdict sets = new HistoryCheck(router(), keys).check(history);
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        figures.put("attempted", attempts.size());
        figures.put("attempted by the whole class (history check)", history.size());
        figures.put("lost or duplicated writes", sets.lost().size() + sets.duplicated().size());
        if (!sets.holds()) {
            violations.add("history check: " + sets.summary());
        }
        long to = timeline.recoveredAt();
        for (String group : List.of("k=1 on " + FAILED, "k=1 elsewhere", "k=2 with " + FAILED, "k=2 without")) {
            List<Attempt> mine = attempts.stream().filter(a -> group.equals(groupOf.get(a.tenant()))).toList();
            Stats during = Stats.of(ChaosVerdict.between(mine, injected, timeline.healAt()));
            figures.put(group + ": tenants", groupOf.values().stream().filter(group::equals).count());
            figures.put(group + ": puts while " + FAILED + " is dead", during.toString());
            figures.put(group + ": puts from the kill to recovery", Stats.of(ChaosVerdict.between(mine, injected, to))
                    .toString());
        }
        List<Attempt> inFlight = attempts.stream().filter(a -> a.startMs() < injected
                && a.startMs() + a.latencyMs() >= timeline.faultAt() && !a.acknowledged()).toList();
        figures.put("puts in flight at the kill that failed (any width)", inFlight.size());
        double worst = 1;
        for (String tenant : wide.stream().filter(t -> cellsOf(t).contains(FAILED)).toList()) {
            Stats own = Stats.of(ChaosVerdict.between(attempts.stream().filter(a -> a.tenant().equals(tenant)).toList(),
                    injected, to));
            worst = Math.min(worst, own.successRate());
        }
        figures.put("k=2 with " + FAILED + ": lowest success of one tenant, kill to recovery", worst);
        if (worst < MIN_FAILOVER_SUCCESS) {
            violations.add(String.format("a width-2 tenant of %s succeeded for %.2f%% of its puts (aim >= %.1f%%)",
                    FAILED, worst * 100, MIN_FAILOVER_SUCCESS * 100));
        }
        Stats bystanders = Stats.of(ChaosVerdict.between(attempts.stream()
                .filter(a -> !groupOf.get(a.tenant()).contains(FAILED)).toList(), injected, to));
        if (bystanders.successRate() < 0.999) {
            violations.add("tenants without " + FAILED + ": success " + bystanders);
        }
        List<Attempt> countsDuringFault = ChaosVerdict.between(List.copyOf(counts), injected, timeline.healAt());
        Stats countStats = Stats.of(countsDuringFault);
        figures.put("counts needing " + FAILED + " while dead", countStats.toString() + ", statuses "
                + countsDuringFault.stream().map(Attempt::status).distinct().sorted().toList());
        if (countStats.succeeded() > 0 || !(countStats.p99Ms() < 1000)) {
            violations.add("counts needing the dead cell must fail fast and never be short: " + countStats);
        }
        ChaosVerdict verdict = new ChaosVerdict(figures, violations);
        ChaosReport.write(reports.resolve("kill-cell-placed"), "kill-cell-placed", "SIGKILL " + FAILED + " of 6 cells"
                + " and restart it; 24 tenants of width 2 (shard size 2) and 24 of width 1 (their hashed bucket) put"
                + " without Idempotency-Key at 120 puts/s in all", timeline, attempts, a -> groupOf.get(a.tenant()), verdict,
                List.of("the kill returned at " + injected + " ms"));
        System.out.println("chaos kill-cell-placed: " + figures + " " + violations);
        assertTrue(violations.isEmpty(), String.join("; ", violations));
    }

    /** Counts of tenants that need the failed cell, one every 100 ms, timed on the writers' clock. */
    private void countWhile(AtomicBoolean counting, List<String> tenants, ConcurrentLinkedQueue<Attempt> counts,
            long started) {
        while (counting.get()) {
            String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
            long start = System.nanoTime();
            int status = count(tenant);
            counts.add(new Attempt((start - started) / 1_000_000, (System.nanoTime() - start) / 1e6, tenant, "all",
                    status == 200 ? 201 : status, false, null, null));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Set<String> cellsOf(String tenant) {
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        Placement placement = deployment.controlStore().tenants().placement(tenant);
        Set<String> cells = new HashSet<>();
        placement.buckets().forEach(b -> cells.add(map.cellFor(b).orElseThrow()));
        return cells;
    }

    private URI router() {
        return deployment.router(0).url();
    }

    private int count(String tenant) {
        return TenantRequests.status(http, ShapeRequests.counts(router(), tenant, keys.get(tenant)));
    }

    private int put(String tenant) {
        return TenantRequests.status(http, ShapeRequests.put(router(), tenant, "circle", keys.get(tenant)));
    }
}
