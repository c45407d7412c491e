package io.shapes.it;

import static org.awaitility.Awaitility.await;
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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.shapes.core.Json;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;

/**
 * The monitoring that ships in {@code infra/monitoring}: the alert rules pass their {@code promtool} tests, and every
 * metric the Grafana dashboard and the alert rules query is in a live scrape of a real deployment, found through the
 * scrape targets the launcher writes for Prometheus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringTest {
    private static final Path MONITORING = Artifacts.repositoryRoot().resolve("infra/monitoring");
    private static final Path PROMETHEUS = MONITORING.resolve("prometheus");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(1).routers(1));
    private LocalDeployment deployment;

    @BeforeAll
    void start() {
        deployment = deployments.get();
    }

    @Test
    void theAlertRulesFireAndStayQuietAsTheirTestsSay() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool is not installed (Debian's prometheus package; .ci/run installs it)");
        promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());
        promtool("test", "rules", PROMETHEUS.resolve("shapes-alerts-test.yml").toString());
    }

    @Test
    void theLaunchersScrapeTargetsNameEveryProcessOfTheDeployment() throws IOException {
        Map<String, String> jobs = new TreeMap<>();
        for (JsonNode target : targets()) {
            jobs.put(target.at("/labels/instance").asText(), target.at("/labels/job").asText());
        }
        assertEquals(Map.of("cell-1", "shapes-cell", "router-1", "shapes-router", "publisher", "shapes-publisher"), jobs);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsInALiveScrape() throws IOException {
        String key = deployment.createTenant("watched");
        Api api = new Api(deployment.router(0).url());
        await("the router knows the tenant").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, "watched").statusCode() == 200);
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

    private List<JsonNode> targets() throws IOException {
        Path file = deployment.directory().resolve("monitoring/targets.json");
        List<JsonNode> targets = new ArrayList<>();
        Json.MAPPER.readTree(Files.readAllBytes(file)).forEach(targets::add);
        return targets;
    }

    /** The metric names in a scrape of every target, as Prometheus would scrape them. */
    private Set<String> scrapedNames() throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (JsonNode target : targets()) {
            names.add("up");
            URI uri = URI.create("http://" + target.at("/targets/0").asText()
                    + target.at("/labels/__metrics_path__").asText());
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
