package io.shapes.chaos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import io.shapes.core.Buckets;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.Directories;
import io.shapes.deployment.Hosts;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.ShapeRequests;
import io.shapes.workload.ApiClients;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * The chaos suite: 3 cells, 2 routers, 8 clients writing 24 shapes/s each over 30 tenants spread across the cells
 * through both routers. Per scenario: a baseline, the fault, the recovery; then the checks on the recorded history:
 * no acknowledged write lost, the failure stays inside its cell, the failed cell fails fast and comes back.
 * Scenarios: {@code -Dchaos.scenarios} (the short list in verify, all with -Pchaos). Reports: tests/target/chaos/.
 * <p>
 * Every JVM here (the services and this one) runs with the quick compiler only ({@code -XX:TieredStopAtLevel=1}).
 * Seven JVMs share two cores in this test bed; with the optimising compiler their compile threads kept a core busy
 * minutes after start and bursts of compilation, not the fault, set the bystanders' p99 (measured per thread).
 * Production cells and routers have their own machines and keep the default compilers. For the same reason cells
 * keep 8 database connections instead of 24: when a cell is killed, its PostgreSQL's backends all exit at once and,
 * on a shared machine, that burst of work stalls every other process for a moment.
 * <p>
 * The bystanders' p99 is the 26th-slowest of some 2,560 requests in each 20 s window. At 12 shapes/s per client it was
 * the 13th of 1,280: in 53 scenario runs here, during ÷ before ranged from 0.63x to 1.47x (1.57x once in CI), and the
 * slow requests behind the highest ratios were spread over the whole fault, not gathered at its start. That is noise
 * within reach of the 1.5x bound. Twice the samples in the same time, so that a fault's transient keeps its weight,
 * gave 0.90x to 1.40x in 12 (tests/chaos/README.md). A few pauses still weigh: every JVM therefore has a young
 * generation large enough that a collection comes every few tens of seconds instead of every few seconds, with room for
 * its classes from the start (otherwise the first fault's new code paths load classes and the metaspace's growth costs
 * a full collection of 50-60 ms in each router, measured), and every JVM logs its collections ({@code gc-<pid>.log} in
 * the deployment's directory, {@code clients-gc.log} for this one) to line a slow second of the history up with them.
 * <p>
 * The deployment, its PostgreSQL data included, lives on memory-backed storage ({@code /dev/shm}) when the machine
 * has 4 GiB free there, and its logs are copied to {@code target/deployments/chaos} at the end. All the cells'
 * write-ahead logs would otherwise share one disk, which production cells do not: on this test machine single
 * {@code fdatasync}s took up to 360 ms, and every cell's commits stalled at once (every bystander request in
 * flight finishing at the same instant, 83 ms to 1.1 s late, with no JVM collecting garbage). A shared disk
 * is a shared fate no cell architecture can isolate on one machine. The faults here are process faults, and a
 * killed process loses nothing it wrote either way: only a crash of the machine would.
 * <p>
 * The partition scenarios need the test network ({@link TestNetwork}: each cell with its PostgreSQL in a network
 * namespace of its own, the routers in another, on a private bridge); where the machine cannot make one, the suite
 * says so, runs every service on 127.0.0.1 and skips them. The asymmetric partition runs last: the split it makes
 * moves some of cell-2's tenants to cell-5.
 * <p>
 * The routers run their production defaults, nothing overridden: a 1 s cell timeout and the breaker that decides by
 * time and by probing the cell (router README, "Failure detection"). The clients are open-loop streams
 * ({@link Writers}): a hung cell does not slow the load down, so the bystanders' p99 is measured at the same arrival
 * rate as before the fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosSuiteTest {
    private static final int TENANTS_PER_CELL = 10;
    private static final int CLIENTS = 8;
    private static final double RATE_PER_CLIENT = 24;
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "deployments", "chaos").toAbsolutePath();
    private final List<Scenario> scenarios = Arrays.stream(System.getProperty("chaos.scenarios",
            "hang-cell,split-crash").split(",")).map(Scenario::parse).toList();
    private final HttpClient http = ApiClients.newHttpClient();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final Map<String, String> cellOf = new LinkedHashMap<>();
    private final Map<String, String> writerKeys = new LinkedHashMap<>();
    private final List<Attempt> history = new ArrayList<>();
    private Path dir;
    private LocalDeployment deployment;
    private Optional<TestNetwork> network = Optional.empty();
    private FaultyProxy proxy;
    private Stage stage;
    private Path reports;

    @BeforeAll
    void startDeployment() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        reports = Artifacts.repositoryRoot().resolve("tests/target/chaos/" + stamp);
        dir = ChaosBed.directory("shapes-chaos", LOGS);
        Directories.deleteRecursively(LOGS);
        Directories.deleteRecursively(dir);
        System.out.println("chaos deployment in " + dir + "; its logs end up in " + LOGS);
        if (scenarios.stream().anyMatch(Scenario::needsTestNetwork)) {
            network = TestNetwork.create();
        }
        deployment = LocalDeployment.startOn(network.<Hosts>map(n -> n).orElse(Hosts.LOOPBACK), dir,
                ChaosBed.settings(dir).cells(3).routers(2)
                        .shardSize(1)); // each tenant in one cell: the blast radius these scenarios measure
        proxy = new FaultyProxy(deployment.cell("cell-3").url(),
                network.isPresent() ? TestNetwork.controlPlaneAddress() : "127.0.0.1");
        stage = new Stage(deployment, proxy, network);
        routeCell3ThroughTheProxy();
        if (scenarios.contains(Scenario.SPLIT_CRASH)) {
            addEmptyCell("cell-4");
        }
        if (scenarios.contains(Scenario.ASYMMETRIC_PARTITION) && network.isPresent()) {
            addEmptyCell("cell-5");
        }
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        for (String cell : List.of("cell-1", "cell-2", "cell-3")) {
            List<String> tenants = tenantsOn(map, cell, TENANTS_PER_CELL + 1);
            for (String tenant : tenants.subList(0, TENANTS_PER_CELL)) {
                keys.put(tenant, deployment.createTenant(tenant));
                writerKeys.put(tenant, keys.get(tenant));
                cellOf.put(tenant, cell);
            }
            String probe = tenants.get(TENANTS_PER_CELL);
            keys.put(probe, deployment.createTenant(probe));
        }
        for (String tenant : keys.keySet()) {
            awaitServed(tenant, Duration.ofSeconds(30));
        }
        warmUp();
    }

    /**
     * Load before the first scenario, so that its baseline is not the processes' warm-up (JIT, pools); then each
     * service collects the garbage of its start. A JVM's first young collection copies everything its start-up left
     * alive and took 200 ms here (serial collector, shared cores), once, whenever it came: in a fault's window it
     * set the bystanders' p99 (measured: a 201 ms pause of cell-2 at the start of split-crash, 1.55x). Later young
     * collections find little alive and take milliseconds.
     */
    private void warmUp() throws Exception {
        try (Writers writers = new Writers(routers(), writerKeys, CLIENTS, RATE_PER_CLIENT)) {
            long until = (long) (WARM_UP.toSeconds() * CLIENTS * RATE_PER_CLIENT * 0.8);
            writers.awaitAcknowledged((int) until, WARM_UP.multipliedBy(3));
            writers.close();
            history.addAll(writers.history());
        }
        ChaosBed.collectStartupGarbage(deployment);
    }

    /** Starts an empty cell and adds it to the map (a split's target). */
    private void addEmptyCell(String name) {
        deployment.startCell(name);
        var added = stage.cellManager(Map.of(), "cell", "add", name, "--url", deployment.cell(name).url().toString());
        assertTrue(added.exitCode() == 0, added.err());
    }

    /** The map sends routers to cell-3 through the proxy, so the network to it can turn bad. */
    private void routeCell3ThroughTheProxy() {
        var maps = deployment.controlStore().maps();
        RoutingMap map = maps.latest().orElseThrow();
        List<CellRef> cells = map.cells().stream().map(c -> c.name().equals("cell-3")
                ? new CellRef(c.name(), proxy.url(), c.state()) : c).toList();
        maps.append(map.next(cells, map.ranges()), "chaos: cell-3 behind a TCP proxy");
    }

    @AfterAll
    void stopDeployment() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (deployment != null) {
            deployment.close();
        }
        network.ifPresent(TestNetwork::close);
        if (dir != null && !dir.equals(LOGS)) {
            keepLogs();
            Directories.deleteRecursively(dir);
        }
    }

    /** Copies every log of the deployment (services, PostgreSQL, GC) to {@link #LOGS}, keeping its place. */
    private void keepLogs() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)).toList()) {
                Path copy = LOGS.resolve(dir.relativize(log));
                Files.createDirectories(copy.getParent());
                Files.copy(log, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.wireName(), () -> run(s)));
    }

    private void run(Scenario scenario) throws Exception {
        assumeTrue(!scenario.needsTestNetwork() || network.isPresent(), "no test network on this machine");
        stage.notes().clear();
        Timeline timeline;
        List<Attempt> attempts;
        try (Writers writers = new Writers(routers(), writerKeys, CLIENTS, RATE_PER_CLIENT)) {
            writers.awaitAcknowledged(CLIENTS * 5, Duration.ofSeconds(30));
            timeline = Timeline.of(writers, scenario, stage, () -> awaitRecovery(scenario, writers));
            writers.close();
            attempts = writers.history();
        }
        history.addAll(attempts);
        // the set and counter checks cover every write so far: a later fault must not lose an earlier write either
        HistoryCheck.Verdict verdict = new HistoryCheck(deployment.router(0).url(), writerKeys).check(history);
        ChaosVerdict checks = ChaosVerdict.of(scenario, timeline, attempts, this::cellOf, verdict);
        ChaosReport.write(reports.resolve(scenario.wireName()), scenario, timeline, attempts, this::cellOf, checks,
                stage.notes());
        System.out.println("chaos " + scenario.wireName() + ": " + checks.summary());
        assertTrue(verdict.holds(), "no acknowledged write lost (set check), counts between acknowledged and attempted"
                + " (counter check): " + verdict.summary());
        List<String> broken = checks.violations();
        assertTrue(broken.isEmpty(), scenario.wireName() + ": " + String.join("; ", broken));
    }

    /**
     * The cell the attempt was for: the one its answer names ({@code X-Shapes-Cell}), else its tenant's first cell
     * (each tenant lives in one cell here, shard size 1, until a split moves it).
     */
    private String cellOf(Attempt attempt) {
        return attempt.cell() != null ? attempt.cell() : cellOf.get(attempt.tenant());
    }

    /** Time (writers' clock) when the failed cell serves its tenants again through every router. */
    private long awaitRecovery(Scenario scenario, Writers writers) throws Exception {
        if (scenario.failedCell().isEmpty()) {
            return writers.elapsedMs();
        }
        String probe = tenantServedBy(scenario.failedCell().get());
        for (URI router : routers()) {
            await(scenario.failedCell().get() + " serves again through " + router).atMost(Duration.ofSeconds(60))
                    .until(() -> put(router, probe) == 201);
        }
        return writers.elapsedMs();
    }

    /** A tenant the failed cell serves now (a split may have moved some of its first tenants away). */
    private String tenantServedBy(String cell) {
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        return keys.keySet().stream().filter(t -> map.cellFor(Buckets.of(t)).orElseThrow().equals(cell)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no tenant of " + cell + " left"));
    }

    private void awaitServed(String tenant, Duration timeout) {
        for (URI router : routers()) {
            await("the routers serve " + tenant).atMost(timeout).until(() -> get(router, tenant) == 200);
        }
    }

    private List<URI> routers() {
        return deployment.routers().stream().map(r -> r.url()).toList();
    }

    private int put(URI router, String tenant) {
        return TenantRequests.status(http, ShapeRequests.put(router, tenant, "circle", keys.get(tenant)));
    }

    private int get(URI router, String tenant) {
        return TenantRequests.status(http, ShapeRequests.counts(router, tenant, keys.get(tenant)));
    }

    private static List<String> tenantsOn(RoutingMap map, String cell, int count) {
        List<String> tenants = new ArrayList<>();
        for (int i = 0; tenants.size() < count; i++) {
            String tenant = "chaos-" + i;
            if (map.cellFor(Buckets.of(tenant)).orElseThrow().equals(cell)) {
                tenants.add(tenant);
            }
        }
        return tenants;
    }
}
