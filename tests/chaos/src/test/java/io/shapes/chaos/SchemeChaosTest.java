package io.shapes.chaos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.shapes.core.Json;
import io.shapes.core.Scheme;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.Directories;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.ShapeRequests;
import io.shapes.workload.ApiClients;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * The chaos round under the other schemes ({@code -Dchaos.schemes=type,id-range}, the chaos profile): cell-2 hangs
 * under {@code type} and under {@code id-range}, at the routers' defaults with open-loop clients, and the suite's
 * invariants are checked as in {@link ChaosSuiteTest}. Under these schemes a tenant's shapes live in every cell (by
 * type, by id), so the victims are not tenants: they are the puts the router answered for cell-2 (its
 * {@code X-Shapes-Cell} header), and every other put is a bystander. The clients put without Idempotency-Key: under
 * {@code type} a keyed put first asks the other types' cells about its key, within the key check's own budget
 * (router README), which a hung cell spends until its breaker opens.
 */
@EnabledIfSystemProperty(named = "chaos.schemes", matches = ".+")
class SchemeChaosTest {
    private static final int TENANTS = 12;
    private static final int CLIENTS = 8;
    private static final double RATE_PER_CLIENT = 12;
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final String FAILED = "cell-2";
    private static final Path LOGS = Path.of("target", "deployments", "chaos-schemes").toAbsolutePath();
    private final HttpClient http = ApiClients.newHttpClient();
    private final Path reports = Artifacts.repositoryRoot().resolve("tests/target/chaos/"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

    @TestFactory
    Stream<DynamicTest> aHungCellUnderEachScheme() {
        return Arrays.stream(System.getProperty("chaos.schemes").split(",")).map(String::strip)
                .map(name -> DynamicTest.dynamicTest("hang-cell under " + name, () -> run(Scheme.parse(name))));
    }

    private void run(Scheme scheme) throws Exception {
        String name = "hang-cell-" + scheme.wireName();
        Path dir = ChaosBed.directory("shapes-chaos-" + scheme.wireName(), LOGS.resolve(scheme.wireName()));
        Directories.deleteRecursively(dir);
        try (LocalDeployment deployment = LocalDeployment.start(dir, ChaosBed.settings(dir).scheme(scheme).cells(3)
                .routers(2).shardSize(1))) {
            Map<String, String> keys = new LinkedHashMap<>();
            for (int i = 0; i < TENANTS; i++) {
                keys.put("chaos-" + i, deployment.createTenant("chaos-" + i));
            }
            List<URI> routers = deployment.routers().stream().map(r -> r.url()).toList();
            for (URI router : routers) {
                keys.forEach((tenant, key) -> await("the routers know " + tenant).atMost(Duration.ofSeconds(30))
                        .until(() -> TenantRequests.status(http, ShapeRequests.counts(router, tenant, key)) == 200));
            }
            String probeTenant = keys.keySet().iterator().next();
            String probe = shapeOnTheFailedCell(routers.get(0), probeTenant, keys.get(probeTenant));
            List<Attempt> history = new ArrayList<>();
            try (Writers warmUp = Writers.unkeyed(routers, keys, CLIENTS, RATE_PER_CLIENT)) {
                warmUp.awaitAcknowledged((int) (WARM_UP.toSeconds() * CLIENTS * RATE_PER_CLIENT * 0.8),
                        WARM_UP.multipliedBy(3));
                warmUp.close();
                history.addAll(warmUp.history());
            }
            ChaosBed.collectStartupGarbage(deployment);

            Stage stage = new Stage(deployment, null, Optional.empty());
            Timeline timeline;
            List<Attempt> attempts;
            try (Writers writers = Writers.unkeyed(routers, keys, CLIENTS, RATE_PER_CLIENT)) {
                writers.awaitAcknowledged(CLIENTS * 5, Duration.ofSeconds(30));
                timeline = Timeline.of(writers, Scenario.HANG_CELL, stage, () -> {
                    for (URI router : routers) {
                        await(FAILED + " serves again through " + router).atMost(Duration.ofSeconds(60))
                                .until(() -> get(router, probeTenant, keys.get(probeTenant), probe) == 200);
                    }
                    return writers.elapsedMs();
                });
                writers.close();
                attempts = writers.history();
            }
            history.addAll(attempts);
            HistoryCheck.Verdict sets = new HistoryCheck(routers.get(0), keys).check(history);
            ChaosVerdict checks = ChaosVerdict.of(Scenario.HANG_CELL, timeline, attempts, Attempt::cell, sets);
            ChaosReport.write(reports.resolve(name), name, Scenario.HANG_CELL.description() + ", under the "
                    + scheme.wireName() + " scheme; victims are the puts answered for " + FAILED, timeline, attempts,
                    Attempt::cell, checks, List.of());
            System.out.println("chaos " + name + ": " + checks.summary());
            assertTrue(sets.holds(), "no acknowledged write lost (set check), counts between acknowledged and"
                    + " attempted (counter check): " + sets.summary());
            assertTrue(checks.violations().isEmpty(), String.join("; ", checks.violations()));
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** The id of a shape of {@code tenant} stored on the failed cell: what shows that it serves again. */
    private String shapeOnTheFailedCell(URI router, String tenant, String key) throws Exception {
        for (String type : List.of("triangle", "circle", "rhombus", "square")) {
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> answer = http.send(ShapeRequests.put(router, tenant, type, key).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 201 && FAILED.equals(answer.headers().firstValue("X-Shapes-Cell")
                        .orElse(null))) {
                    return Json.MAPPER.readTree(answer.body()).get("id").asText();
                }
            }
        }
        throw new IllegalStateException("no put of " + tenant + " landed on " + FAILED);
    }

    private int get(URI router, String tenant, String key, String id) {
        return TenantRequests.status(http, ShapeRequests.get(router, tenant, id, key));
    }
}
