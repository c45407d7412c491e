package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.shapes.core.Json;
import io.shapes.core.ShapeId;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.RouterNode;
import io.shapes.deployment.ServiceProcess;

/**
 * What an operator sees of a real deployment of two cells. The monitoring that ships in {@code infra/monitoring}: the
 * alert rules pass their {@code promtool} tests, and every metric the Grafana dashboard and the alert rules query is
 * in a live scrape, found through the scrape targets the launcher writes for Prometheus. And tracing: a request's
 * W3C trace id (the client's {@code traceparent}, or a new one) is in its problem body and in the log lines of the
 * router and of every cell that handled it, scatters included and getShapes that travel to a cell together, in plain
 * and in JSON logs. The third test stops the cells' databases, and the last one uses that.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {
    private static final Path MONITORING = Artifacts.repositoryRoot().resolve("infra/monitoring");
    private static final Path PROMETHEUS = MONITORING.resolve("prometheus");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(2).routers(1));
    private LocalDeployment deployment;

    @BeforeAll
    void start() {
        deployment = deployments.get();
    }

    @Test
    @Order(1)
    void theAlertRulesFireAndStayQuietAsTheirTestsSay() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool is not installed (Debian's prometheus package; .ci/run installs it)");
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        promtool("test", "rules", PROMETHEUS.resolve("shapes-alerts-test.yml").toString());
    }

    @Test
    @Order(1)
    void theLaunchersScrapeTargetsNameEveryProcessOfTheDeployment() throws IOException {
        Map<String, String> jobs = new TreeMap<>();
        for (JsonNode target : targets()) {
            jobs.put(target.at("/labels/instance").asText(), target.at("/labels/job").asText());
        }
        assertEquals(Map.of("cell-1", "shapes-cell", "cell-2", "shapes-cell", "router-1", "shapes-router",
                "publisher", "shapes-publisher"), jobs);
    }

    @Test
    @Order(1)
    void everyMetricTheDashboardAndTheAlertsQueryIsInALiveScrape() throws IOException {
        String key = served("watched");
        Api api = new Api(deployment.router(0).url());
        api.put(key, "watched", "circle").then().statusCode(201);
        api.get(key, "watched", "0000000000000000").then().statusCode(404);
        Set<String> wanted = new TreeSet<>(PromQl.metricNames(dashboardQueries()));
        wanted.addAll(PromQl.metricNames(alertQueries()));
        assertTrue(wanted.size() >= 20 && wanted.contains("shapes_cell_tenant_requests_rate")
                && wanted.contains("http_server_requests_seconds_count"), "the queries were read: " + wanted);
        // the busiest tenants' gauge is refreshed every 10 s: the scrape shows it once the cell has looked
        await("every metric queried is scraped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Set<String> scraped = scrapedNames();
                    Set<String> missing = new TreeSet<>(wanted);
                    missing.removeAll(scraped);
                    assertEquals(Set.of(), missing, "queried by infra/monitoring, not exposed by any process");
                });
    }

    @Test
    @Order(1)
    void aProblemBodyCarriesTheClientsTraceIdOrANewOne() {
        String key = served("traced");
        Api api = new Api(deployment.router(0).url());
        String traceId = randomTraceId();
        api.as(key).header("traceparent", traceparent(traceId)).get("/v1/tenants/traced/shapes/0000000000000000")
                .then().statusCode(404).body("code", equalTo("not-found")).body("traceId", equalTo(traceId));
        String fresh = api.get(key, "traced", "0000000000000000").then().statusCode(404).extract().path("traceId");
        assertTrue(fresh != null && fresh.matches("[0-9a-f]{32}") && !fresh.equals(traceId), "a new trace: " + fresh);
        api.as("shp_not-a-key").header("traceparent", traceparent(traceId)).get("/v1/tenants/traced/counts").then()
                .statusCode(401).body("traceId", equalTo(traceId));
    }

    /**
     * getShapes that reach the router at the same moment go to their cell in one call; each is still answered as
     * alone, its problem with its own trace id.
     */
    @Test
    @Order(1)
    void concurrentGetShapesTravelTogetherAndEachKeepsItsOwnAnswerAndTraceId() throws Exception {
        String key = served("together");
        Api api = new Api(deployment.router(0).url());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(api.put(key, "together", "circle").then().statusCode(201).extract().path("id"));
        }
        for (int round = 0; round < 20 && combinedReads() == 0; round++) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                sent.add(i % 2 == 0 ? ids.get(i / 2 % ids.size()) : String.format("%016x", i));
            }
            for (TracedAnswer answer : concurrentGets(key, "together", sent)) {
                HttpResponse<String> response = answer.response();
                JsonNode body = Json.MAPPER.readTree(response.body());
                if (ids.contains(answer.id())) {
                    assertEquals(200, response.statusCode(), response.body());
                    assertEquals(answer.id(), body.path("id").asText(), response.body());
                } else {
                    assertEquals(404, response.statusCode(), response.body());
                    assertEquals(answer.traceId(), body.path("traceId").asText(),
                            "its own trace id: " + response.body());
                }
            }
        }
        assertTrue(combinedReads() > 0, "in 20 rounds of 64 concurrent getShapes, the router combined none");
    }

    /**
     * Sends a getShape for each of {@code ids} at once, each with a trace id of its own, on as many HTTP/1.1
     * connections, and returns the answers in the order sent.
     */
    private List<TracedAnswer> concurrentGets(String key, String tenant, List<String> ids) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> traceIds = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (String id : ids) {
            String traceId = randomTraceId();
            traceIds.add(traceId);
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(deployment.router(0).url() + "/v1/tenants/"
                    + tenant + "/shapes/" + id)).header("Authorization", "Bearer " + key)
                    .header("traceparent", traceparent(traceId)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<TracedAnswer> answers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            answers.add(new TracedAnswer(ids.get(i), traceIds.get(i), pending.get(i).get(20, TimeUnit.SECONDS)));
        }
        return answers;
    }

    private record TracedAnswer(String id, String traceId, HttpResponse<String> response) {
    }

    /** The reads the router sent beyond one per call: the sum of its reads-per-call summary less its count. */
    private double combinedReads() throws IOException, InterruptedException {
        for (JsonNode target : targets()) {
            if (target.at("/labels/instance").asText().equals("router-1")) {
                String scrape = HTTP.send(HttpRequest.newBuilder(scrapeUri(target)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return value(scrape, "shapes_router_read_batch_reads_sum")
                        - value(scrape, "shapes_router_read_batch_reads_count");
            }
        }
        throw new AssertionError("no scrape target for router-1");
    }

    private static double value(String scrape, String metric) {
        return scrape.lines().filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    @Order(2)
    void aRoutersJsonLogLinesCarryTheTraceIdOfTheirRequest() throws IOException {
        String key = served("jsonlogs");
        RouterNode json = deployment.startRouter("router-json", Map.of("quarkus.log.console.json.enabled", "true"));
        Api api = new Api(json.url());
        await("the JSON-logging router serves").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, "jsonlogs").statusCode() == 200);
        // a request that the router logs: one with a key it refuses
        String traceId = randomTraceId();
        api.as("shp_not-a-key").header("traceparent", traceparent(traceId)).get("/v1/tenants/jsonlogs/counts").then()
                .statusCode(401);
        await("its log line").atMost(Duration.ofSeconds(10)).until(() -> linesWith(json.service().log(), traceId)
                .stream().anyMatch(line -> isJsonWithTraceId(line, traceId)));
        for (String line : Files.readAllLines(json.service().log())) {
            if (line.startsWith("{")) {
                Json.MAPPER.readTree(line);
            }
        }
        json.close();
    }

    @Test
    @Order(3)
    void aFailedScattersTraceIdIsInTheLogsOfTheRouterAndOfEveryCellItAsked() throws IOException {
        String key = served("scattered");
        Api api = new Api(deployment.router(0).url());
        await("the router asks both cells").atMost(Duration.ofSeconds(15))
                .until(() -> "2".equals(api.countAll(key, "scattered").header("X-Shapes-Cells-Queried")));
        deployment.cells().forEach(CellNode::killDatabase);
        String traceId = randomTraceId();
        api.as(key).header("traceparent", traceparent(traceId)).get("/v1/tenants/scattered/counts").then()
                .statusCode(503).body("traceId", equalTo(traceId));
        for (ServiceProcess process : List.of(deployment.router(0).service(), deployment.cell("cell-1").service(),
                deployment.cell("cell-2").service())) {
            await(process.name() + " logs the trace id").atMost(Duration.ofSeconds(10))
                    .until(() -> !linesWith(process.log(), traceId).isEmpty());
        }
        assertTrue(linesWith(deployment.router(0).service().log(), traceId).stream()
                .anyMatch(line -> line.contains("answered 503 cells-unavailable to GET /v1/tenants/scattered/counts")),
                "the router logs the 5xx it answered");
    }

    /**
     * With the cells' databases stopped (the test before), each getShape that fails at a cell, combined with others
     * or alone, has exactly one line about its failure in the cells' logs, under its own trace id: not a read sent
     * alone at the end of a turn under no trace, and not a breaker's probe under the trace of the read that started it.
     */
    @Test
    @Order(4)
    void aCellLogsTheFailureOfEachCombinedReadWithTheReadsOwnTraceId() throws Exception {
        String key = deployment.createTenant("logged");
        Api api = new Api(deployment.router(0).url());
        await("the router knows logged").atMost(Duration.ofSeconds(15))
                .until(() -> api.get(key, "logged", "0000000000000000").statusCode() != 401);
        // ids in the tenant's own buckets, so that the router asks its cells instead of answering 404 itself
        List<Integer> buckets = deployment.controlStore().tenants().placement("logged").buckets();
        double combinedBefore = combinedReads();
        List<String> answeredByACell = new ArrayList<>();
        for (int round = 0; round < 20 && combinedReads() == combinedBefore; round++) {
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                sent.add(ShapeId.of(buckets.get(i % buckets.size()), i + 1).toString());
            }
            for (TracedAnswer answer : concurrentGets(key, "logged", sent)) {
                HttpResponse<String> response = answer.response();
                assertEquals(503, response.statusCode(), response.body());
                if (response.body().contains("the cell's database is unavailable")) {
                    answeredByACell.add(answer.traceId());
                }
            }
        }
        assertTrue(combinedReads() > combinedBefore, "in 20 rounds of 64 concurrent getShapes none were combined");
        assertTrue(!answeredByACell.isEmpty(), "some reads were answered by a cell");
        for (String traceId : answeredByACell) {
            await("a cell logs " + traceId).atMost(Duration.ofSeconds(10)).until(() -> failureLinesWith(traceId) > 0);
        }
        for (String traceId : answeredByACell) {
            assertEquals(1, failureLinesWith(traceId), "lines about the failure of the read traced " + traceId);
        }
    }

    /** The cells' log lines about a failure of their database under {@code traceId}. */
    private long failureLinesWith(String traceId) throws IOException {
        long lines = 0;
        for (CellNode cell : deployment.cells()) {
            lines += linesWith(cell.service().log(), traceId).stream()
                    .filter(line -> line.contains("database unavailable")).count();
        }
        return lines;
    }

    private String served(String tenant) {
        String key = deployment.createTenant(tenant);
        Api api = new Api(deployment.router(0).url());
        await("the router knows " + tenant).atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        return key;
    }

    private static String randomTraceId() {
        return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current()
                .nextLong() | 1);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    private static List<String> linesWith(Path log, String text) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains(text)).toList();
    }

    private static boolean isJsonWithTraceId(String line, String traceId) {
        try {
            return traceId.equals(Json.MAPPER.readTree(line).at("/mdc/traceId").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private List<JsonNode> targets() throws IOException {
        Path file = deployment.directory().resolve("monitoring/targets.json");
        List<JsonNode> targets = new ArrayList<>();
        Json.MAPPER.readTree(Files.readAllBytes(file)).forEach(targets::add);
        return targets;
    }

    /** Where Prometheus scrapes {@code target} (an entry of the launcher's targets file). */
    private static URI scrapeUri(JsonNode target) {
        return URI.create("http://" + target.at("/targets/0").asText() + target.at("/labels/__metrics_path__").asText());
    }

    /** The metric names in a scrape of every target, as Prometheus would scrape them. */
    private Set<String> scrapedNames() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (JsonNode target : targets()) {
            names.add("up");
            URI uri = scrapeUri(target);
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode(), uri.toString());
            scrape.body().lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        }
        return names;
    }

    private static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        Json.MAPPER.readTree(Files.readAllBytes(MONITORING.resolve("grafana/shapes-dashboard.json")))
                .findValues("expr").forEach(expr -> queries.add(expr.asText()));
        return queries;
    }

    private static List<String> alertQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        new YAMLMapper().readTree(PROMETHEUS.resolve("shapes-alerts.yml").toFile()).at("/groups")
                .forEach(group -> group.at("/rules").forEach(rule -> queries.add(rule.at("/expr").asText())));
        return queries;
    }

    private static void promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }
}
