package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.restassured.response.Response;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import io.shapes.postgres.PostgresServer;

/**
 * A failure stays inside its cell, at the router's defaults: a hung or killed cell fails its own tenants within one
 * timeout, then in milliseconds once its breaker is open, while the tenants of the other cells see no errors at all.
 * A cell whose address changes in the map gets a fresh guard, and the breaker gauge follows it. A router far past
 * its limits still answers every request with a problem from the catalogue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellFailureTest {
    /** The router's default cell timeout: this test runs the router's production defaults. */
    private static final long CELL_TIMEOUT_MS = 1000;
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(3).routers(1).shardSize(1));
    private LocalDeployment deployment;
    private Api api;
    private final Map<String, String> keys = new java.util.HashMap<>();

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
        api = new Api(deployment.router(0).url());
    }

    @Test
    void aHungCellFailsOnlyItsOwnTenantsFastAndRecovers() {
        String victim = tenant("cell-2", "hung");
        List<String> bystanders = List.of(tenant("cell-1", "calm"), tenant("cell-3", "calm"));
        CellNode cell = deployment.cell("cell-2");
        long moved = readdress("cell-2");
        await("the router follows cell-2 to its new address").atMost(Duration.ofSeconds(15)).until(() -> api.put(
                keys.get(victim), victim, "circle").header("X-Shapes-Map-Version").equals(String.valueOf(moved)));

        cell.service().pause();
        try {
            long start = System.nanoTime();
            Response first = api.put(keys.get(victim), victim, "circle");
            long firstMs = elapsedMs(start);
            first.then().statusCode(503).body("code", equalTo("cell-unavailable")).header("Retry-After", notNullValue());
            assertTrue(firstMs <= CELL_TIMEOUT_MS + 700, "a hung cell's tenant is answered within one timeout, took "
                    + firstMs + " ms");

            // the first timeout made the router probe the cell; the request this client sent meanwhile waits out
            // its own timeout, and by then the unanswered probe has opened the breaker
            long[] second = api.timedPut(keys.get(victim), victim, "circle");
            assertEquals(503, second[0], "the hung cell's tenant gets 503");
            long[] third = api.timedPut(keys.get(victim), victim, "circle");
            assertEquals(503, third[0], "the hung cell's tenant gets 503");
            assertTrue(third[1] < 100, "a hung cell costs one client at most two timeouts (the second sent while the"
                    + " probe asked): the next request fails in milliseconds, took " + third[1] + " ms (the second "
                    + second[1] + " ms)");

            List<Long> fastFailures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long[] answer = api.timedPut(keys.get(victim), victim, "square");
                assertEquals(503, answer[0], "the hung cell's tenant gets 503");
                fastFailures.add(answer[1]);
            }
            api.put(keys.get(victim), victim, "square").then().statusCode(503)
                    .body("code", equalTo("cell-unavailable")).header("Retry-After", notNullValue());
            Collections.sort(fastFailures);
            System.out.printf("open breaker: 503 in p50 %d ms, max %d ms%n", fastFailures.get(10),
                    fastFailures.get(19));
            assertTrue(fastFailures.get(19) <= 100, "with the breaker open a request fails in milliseconds: "
                    + fastFailures);
            given().get(deployment.router(0).service().managementUrl().resolve("/q/metrics")).then().statusCode(200)
                    .body(containsString("shapes_router_cell_breaker_open{cell=\"cell-2\"} 1.0"));

            for (String bystander : bystanders) {
                for (int i = 0; i < 20; i++) {
                    api.put(keys.get(bystander), bystander, "triangle").then().statusCode(201);
                }
                api.count(keys.get(bystander), bystander, "triangle").then().statusCode(200).body("count", equalTo(20));
            }

            api.globalCount(deployment.adminToken(), "triangle", false).then().statusCode(503)
                    .body("code", equalTo("cells-unavailable")).body("missingCells", contains("cell-2"))
                    .header("Retry-After", notNullValue());
            api.globalCount(deployment.adminToken(), "triangle", true).then().statusCode(200)
                    .body("partial", equalTo(true)).body("missingCells", contains("cell-2"))
                    .body("count", equalTo(40));
        } finally {
            cell.service().resume();
        }

        long resumed = System.nanoTime();
        await("cell-2 serves its tenants again").atMost(Duration.ofSeconds(15))
                .until(() -> api.put(keys.get(victim), victim, "circle").statusCode() == 201);
        System.out.printf("cell-2 served again %d ms after SIGCONT%n", elapsedMs(resumed));
        api.globalCount(deployment.adminToken(), "triangle", false).then().statusCode(200)
                .body("partial", equalTo(false)).body("count", equalTo(40));
    }

    @Test
    void aKilledCellFailsItsTenantsAtOnceAndServesItsDataAfterARestart() {
        String victim = tenant("cell-3", "crashed");
        String bystander = tenant("cell-1", "steady");
        String id = api.putOk(keys.get(victim), victim, "rhombus");
        CellNode cell = deployment.cell("cell-3");

        cell.service().kill();
        long start = System.nanoTime();
        api.get(keys.get(victim), victim, id).then().statusCode(503).body("code", equalTo("cell-unavailable"));
        assertTrue(elapsedMs(start) <= CELL_TIMEOUT_MS, "a refused connection is answered at once");
        api.put(keys.get(bystander), bystander, "rhombus").then().statusCode(201);

        cell.restart();
        await("cell-3 serves again after its restart").atMost(Duration.ofSeconds(15))
                .until(() -> api.get(keys.get(victim), victim, id).statusCode() == 200);
        api.get(keys.get(victim), victim, id).then().body("type", equalTo("rhombus"));
        assertEquals(1, (int) api.count(keys.get(victim), victim, "rhombus").then().statusCode(200)
                .extract().path("count"), "the acknowledged put survived the crash");
    }

    /**
     * A cell whose database's disk is full: its writes get {@code 507 cell-full} (nothing stored), its reads go on,
     * nothing acknowledged is lost, and once space is freed it takes writes again with no restart. The cell's tables
     * are moved to a tablespace on a small tmpfs, which a ballast file then fills to the last byte; the write-ahead log
     * stays on its own storage, as production databases keep it (a full WAL volume stops a PostgreSQL server).
     */
    @Test
    void aCellOutOfDiskRefusesWritesKeepsItsReadsAndRecoversWhenSpaceIsFreed() throws Exception {
        String victim = tenant("cell-1", "hoarder");
        String bystander = tenant("cell-2", "thrifty");
        PostgresServer database = deployment.cell("cell-1").database().orElseThrow();
        SmallDisk.Mounted mounted = SmallDisk.mount(16, Files.getOwner(database.dataDir()));
        Assumptions.assumeTrue(mounted.disk().isPresent(), "disk-full check skipped: " + mounted.why());
        try (SmallDisk disk = mounted.disk().orElseThrow(); var sql = database.connect();
                var statement = sql.createStatement()) {
            statement.execute("CREATE TABLESPACE small_disk LOCATION '" + disk.tablespace() + "'");
            statement.execute("ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE small_disk");
            statement.execute("ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE small_disk");
            try {
                fillTheDiskThenFreeIt(disk, victim, bystander);
            } finally {
                disk.free();
                statement.execute("ALTER TABLE ALL IN TABLESPACE small_disk SET TABLESPACE pg_default");
                statement.execute("ALTER INDEX ALL IN TABLESPACE small_disk SET TABLESPACE pg_default");
                statement.execute("DROP TABLESPACE small_disk");
            }
        }
    }

    private void fillTheDiskThenFreeIt(SmallDisk disk, String victim, String bystander) throws Exception {
        String key = keys.get(victim);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acknowledged.add(api.putOk(key, victim, "circle"));
        }
        long ballast = disk.fill();
        System.out.printf("disk full: %d bytes of ballast, %d left%n", ballast, disk.usableBytes());

        // the last pages of the table and its indexes still have room: puts go on until one needs a new page
        int refused = 0;
        List<String> notCellFull = new ArrayList<>();
        for (int i = 0; i < 2000 && refused < 20; i++) {
            Response answer = api.put(key, victim, "circle");
            if (answer.statusCode() == 201) {
                acknowledged.add(answer.path("id"));
                continue;
            }
            refused++;
            if (answer.statusCode() != 507 || !"cell-full".equals(answer.path("code"))
                    || !answer.contentType().startsWith("application/problem+json")
                    || answer.header("Retry-After") == null) {
                notCellFull.add(answer.statusCode() + " " + answer.asString());
            }
        }
        assertEquals(20, refused, "the full disk refused writes (" + acknowledged.size() + " acknowledged)");
        System.out.printf("disk full: %d puts stored in the pages that still had room, then refused%n",
                acknowledged.size() - 20);
        assertEquals(List.of(), notCellFull, "a write to a full disk is refused as 507 cell-full problem+json with Retry-After");
        for (String id : List.of(acknowledged.get(0), acknowledged.get(acknowledged.size() - 1))) {
            api.get(key, victim, id).then().statusCode(200).body("type", equalTo("circle"));
        }
        api.count(key, victim, "circle").then().statusCode(200).body("count", equalTo(acknowledged.size()));
        api.put(keys.get(bystander), bystander, "circle").then().statusCode(201);
        given().get(deployment.router(0).service().managementUrl().resolve("/q/metrics")).then().statusCode(200)
                .body(containsString("shapes_router_cell_breaker_open{cell=\"cell-1\"} 0.0"));

        disk.free();
        long freed = System.nanoTime();
        await("cell-1 takes writes again once space is freed").atMost(Duration.ofSeconds(10))
                .until(() -> api.put(key, victim, "square").statusCode() == 201);
        System.out.printf("disk freed: writes stored again after %d ms, no restart%n", elapsedMs(freed));
        for (String id : acknowledged) {
            api.get(key, victim, id).then().statusCode(200);
        }
        api.count(key, victim, "circle").then().statusCode(200).body("count", equalTo(acknowledged.size()));
    }

    /**
     * Overload at the router's defaults: thousands of puts at once, far past its concurrency limit. Whatever is not
     * stored is refused with a problem from the catalogue: a status, {@code application/problem+json} and a code in
     * the body; never an empty body, a stack trace or a dropped connection.
     */
    @Test
    void everyAnswerUnderOverloadIsAProblemFromTheCatalogue() throws Exception {
        String tenant = tenant("cell-1", "flood");
        String key = keys.get(tenant);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(4)).build();
        java.net.http.HttpRequest put = java.net.http.HttpRequest.newBuilder(
                deployment.router(0).url().resolve("/v1/tenants/" + tenant + "/shapes"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"circle\"}")).build();
        int floods = 3;
        int perFlood = 1500;
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        List<String> notProblems = new java.util.ArrayList<>();
        for (int flood = 0; flood < floods; flood++) {
            List<CompletableFuture<java.net.http.HttpResponse<String>>> answers = IntStream.range(0, perFlood)
                    .mapToObj(i -> http.sendAsync(put, java.net.http.HttpResponse.BodyHandlers.ofString())).toList();
            for (CompletableFuture<java.net.http.HttpResponse<String>> future : answers) {
                java.net.http.HttpResponse<String> answer;
                try {
                    answer = future.join();
                } catch (java.util.concurrent.CompletionException e) {
                    notProblems.add("no answer: " + e.getCause());
                    continue;
                }
                if (answer.statusCode() == 201) {
                    outcomes.merge("201", 1, Integer::sum);
                    continue;
                }
                String type = answer.headers().firstValue("Content-Type").orElse("");
                String code = problemCode(answer.body());
                outcomes.merge(answer.statusCode() + " " + code, 1, Integer::sum);
                if (!type.startsWith("application/problem+json") || code == null) {
                    notProblems.add(answer.statusCode() + " [" + type + "] '" + answer.body() + "' "
                            + answer.headers().map());
                }
            }
        }
        System.out.println("overload: " + outcomes);
        assertEquals(List.of(), notProblems.subList(0, Math.min(5, notProblems.size())),
                notProblems.size() + " of " + floods * perFlood + " answers were no problem+json; " + outcomes);
        assertTrue(outcomes.getOrDefault("503 overloaded", 0) > 0, "the floods went past the router's limit (else"
                + " this test tested nothing): " + outcomes);
        await("cell-1 serves again after the floods").atMost(Duration.ofSeconds(15))
                .until(() -> api.put(key, tenant, "circle").statusCode() == 201);
    }

    private static String problemCode(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode code = io.shapes.core.Json.MAPPER.readTree(body).get("code");
            return code == null ? null : code.asText();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }


    /**
     * Publishes a map in which {@code cell} has the same address written differently (a trailing slash), so that
     * the router replaces its guard; returns the new map version.
     */
    private long readdress(String cell) {
        var maps = deployment.controlStore().maps();
        RoutingMap map = maps.latest().orElseThrow();
        List<CellRef> cells = map.cells().stream().map(c -> c.name().equals(cell)
                ? new CellRef(c.name(), URI.create(c.url() + "/"), c.state()) : c).toList();
        RoutingMap next = map.next(cells, map.ranges());
        maps.append(next, "test: " + cell + " readdressed");
        return next.version();
    }

    private String tenant(String cell, String prefix) {
        String tenant = Placement.tenantOn(deployment, cell, prefix);
        String key = deployment.createTenant(tenant);
        keys.put(tenant, key);
        await("the router knows the key of " + tenant).atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        return tenant;
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
