package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shapes.core.Placement;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * Tenant placement with real cells and a router (DESIGN.md, "Placement width"): a tenant's shapes spread over the
 * cells of its placement, counts stay exact across them, widening is online, a whale outgrows one cell, and a keyed
 * put is never written twice. Eight small cells (room for {@value #CAPACITY} shapes each) and the default shard size, 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantPlacementTest {
    private static final long CAPACITY = 150;
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(8).routers(1).cellCapacity(CAPACITY));
    private LocalDeployment deployment;
    private Api api;

    @BeforeAll
    void start() {
        deployment = deployments.get();
        api = new Api(deployment.router(0).url());
    }

    @Test
    @Order(1)
    void aNewTenantGetsTheShardSizeOnDistinctCells() {
        createServed("pair");
        Placement placement = placement("pair");
        assertEquals(2, placement.width(), "the deployment's shard size");
        assertEquals(2, cellsOf(placement).size(), "on two distinct cells: " + placement);
        CellManagerRun limit = deployment.cellManager("tenant", "limit", "pair", "--rate", "5", "--json");
        assertEquals(0, limit.exitCode(), limit.err());
        assertEquals(5, deployment.cellManager("tenant", "show", "pair", "--json").json().get("rateLimit").asInt());
        assertEquals(0, deployment.cellManager("tenant", "limit", "pair", "--rate", "default").exitCode());
        assertTrue(deployment.cellManager("tenant", "show", "pair", "--json").json().get("rateLimit").isNull(),
                "back to the routers' default");
    }

    @Test
    @Order(2)
    void aTenantOfWidthFourSpreadsItsPutsOverItsCellsAndCountsAreExact() {
        String key = createServed("quad");
        deployment.tenantPlacements().spread("quad", 4);
        await("the router uses the new placement").atMost(Duration.ofSeconds(15))
                .until(() -> "4".equals(api.countAll(key, "quad").header("X-Shapes-Cells-Queried")));
        Set<String> cellsUsed = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Response put = api.put(key, "quad", i % 2 == 0 ? "circle" : "square");
            put.then().statusCode(201);
            cellsUsed.add(put.header("X-Shapes-Cell"));
            ids.add(put.path("id"));
        }
        assertEquals(cellsOf(placement("quad")), cellsUsed, "puts spread over exactly the placement's 4 cells");
        api.count(key, "quad", "circle").then().statusCode(200).body("count", equalTo(30))
                .body("partial", equalTo(false)).header("X-Shapes-Cells-Queried", "4");
        api.countAll(key, "quad").then().statusCode(200).body("total", equalTo(60)).body("counts.square", equalTo(30));
        for (String id : ids) {
            api.get(key, "quad", id).then().statusCode(200);
        }
    }

    @Test
    @Order(2)
    void tenantStatsShowTheShapesPerCellAndTheRequestsOfTheLastMinute() {
        String key = createServed("stats");
        JsonNode before = tenantIn(deployment.cellManager("tenant", "stats", "--top", "1000", "--json").json(), "stats");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            ids.add(api.put(key, "stats", "circle").then().statusCode(201).extract().path("id"));
        }
        for (int i = 0; i < 9; i++) {
            api.get(key, "stats", ids.get(i)).then().statusCode(200);
        }
        for (int i = 0; i < 5; i++) {
            api.countAll(key, "stats").then().statusCode(200).header("X-Shapes-Cells-Queried", "2");
        }

        CellManagerRun run = deployment.cellManager("tenant", "stats", "--top", "1000", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode stats = tenantIn(run.json(), "stats");
        assertEquals(14, stats.get("shapes").asLong(), stats.toString());
        assertEquals(cellsOf(placement("stats")), fieldNames(stats.get("shapesPerCell")), "the shapes lie on its 2 cells");
        assertEquals(14, stats.get("puts").asLong() - before.get("puts").asLong(), stats.toString());
        assertEquals(9, stats.get("gets").asLong() - before.get("gets").asLong(), stats.toString());
        assertEquals(10, stats.get("counts").asLong() - before.get("counts").asLong(),
                "each of the 5 counts was served by both cells: " + before + " then " + stats);
        assertTrue(stats.get("putsPerSecond").asDouble() >= 14 / 60.0 - 0.005, "per second over the last minute at"
                + " most: " + stats);

        String oneCell = cellsOf(placement("stats")).iterator().next();
        JsonNode onlyThere = tenantIn(deployment.cellManager("tenant", "stats", "--cell", oneCell, "--json").json(),
                "stats");
        assertEquals(Set.of(oneCell), fieldNames(onlyThere.get("shapesPerCell")), onlyThere.toString());
        String text = deployment.cellManager("tenant", "stats").out();
        assertTrue(text.contains("TENANT") && text.contains("stats"), text);
    }

    private static JsonNode tenantIn(JsonNode stats, String tenant) {
        for (JsonNode row : stats.get("tenants")) {
            if (row.get("tenant").asText().equals(tenant)) {
                return row;
            }
        }
        throw new AssertionError("no " + tenant + " in " + stats);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @Order(3)
    void spreadUnderConcurrentWritesLosesNothingAndCountsStayExact() {
        String key = createServed("grower");
        Map<String, String> keys = Map.of("grower", key);
        URI router = deployment.router(0).url();
        Writers writers = new Writers(router, keys, 4, 10);
        try (writers) {
            writers.awaitAcknowledged(40, Duration.ofSeconds(30));
            deployment.tenantPlacements().spread("grower", 6);
            int spreadAt = writers.acknowledgedCount();
            writers.awaitAcknowledged(spreadAt + 80, Duration.ofSeconds(30));
        }
        HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(writers.history());
        assertTrue(verdict.holds(), "no acknowledged write lost, none twice, counts exact: " + verdict.summary());
        Placement placement = placement("grower");
        long cellsWithShapes = cellsOf(placement).stream().filter(cell -> shapesIn(cell, "grower") > 0).count();
        assertTrue(cellsWithShapes >= 4, "writes after the widening reached the new cells, " + cellsWithShapes
                + " of 6 hold shapes");
    }

    @Test
    @Order(4)
    void aKeyedPutIsNeverWrittenTwiceWhenItsCellIsDown() {
        String key = createServed("careful");
        Placement placement = placement("careful");
        String keyedCell = map().cellFor(placement.keyedBucket("careful", "order-1")).orElseThrow();
        CellNode cell = deployment.cell(keyedCell);
        cell.service().kill();
        try {
            for (int i = 0; i < 3; i++) {
                keyedPut(key, "order-1").then().statusCode(503).contentType("application/problem+json");
            }
            Response unkeyed = api.put(key, "careful", "circle");
            unkeyed.then().statusCode(201);
            assertNotEquals(keyedCell, unkeyed.header("X-Shapes-Cell"), "an unkeyed put fails over to another cell");
        } finally {
            cell.restart();
        }
        await("the keyed put succeeds once its cell is back").atMost(Duration.ofSeconds(30))
                .until(() -> keyedPut(key, "order-1").statusCode() == 201);
        String first = keyedPut(key, "order-1").then().statusCode(201).header("X-Shapes-Cell", keyedCell)
                .extract().path("id");
        assertEquals(first, keyedPut(key, "order-1").then().statusCode(201).extract().path("id"), "a replay");
        api.countAll(key, "careful").then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    @Order(5)
    void aWhaleOfWidthEightKeepsTakingWritesPastOneCellsCapacity() {
        String key = createServed("whale");
        int acknowledged = 0;
        int status = 201;
        while (status == 201) {
            status = api.put(key, "whale", "circle").statusCode();
            acknowledged += status == 201 ? 1 : 0;
            assertTrue(acknowledged <= 2 * CAPACITY, "two cells of " + CAPACITY + " cannot take more");
        }
        assertEquals(507, status, "both cells of the whale's width-2 placement are full");
        CellManagerRun spread = deployment.cellManager("tenant", "spread", "whale", "--width", "8", "--json");
        assertEquals(0, spread.exitCode(), spread.err());
        await("the router uses the whale's 8 cells").atMost(Duration.ofSeconds(15))
                .until(() -> "8".equals(api.countAll(key, "whale").header("X-Shapes-Cells-Queried")));
        for (int i = 0; i < 2 * CAPACITY; i++) {
            api.put(key, "whale", "circle").then().statusCode(201);
            acknowledged++;
        }
        assertTrue(acknowledged > 3 * CAPACITY, "past one cell's capacity: " + acknowledged);
        api.count(key, "whale", "circle").then().statusCode(200).body("count", equalTo(acknowledged));
        CellManagerRun show = deployment.cellManager("tenant", "show", "whale", "--json");
        assertEquals(0, show.exitCode(), show.err());
        JsonNode json = show.json();
        assertEquals(8, json.get("width").asInt());
        assertEquals(8, json.get("cells").asInt(), "8 buckets on 8 distinct cells");
        long shown = 0;
        for (JsonNode bucket : json.get("buckets")) {
            shown += bucket.get("shapes").asLong();
        }
        assertEquals(acknowledged, shown, "tenant show counts every shape of the whale");
    }

    private Response keyedPut(String key, String idempotencyKey) {
        return api.as(key).header("Idempotency-Key", idempotencyKey).contentType(ContentType.JSON)
                .body("{\"type\":\"circle\"}").post("/v1/tenants/{tenant}/shapes", "careful");
    }

    private String createServed(String tenant) {
        String key = deployment.createTenant(tenant);
        await("the router knows " + tenant).atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        return key;
    }

    private Placement placement(String tenant) {
        return deployment.controlStore().tenants().placement(tenant);
    }

    private RoutingMap map() {
        return deployment.controlStore().maps().latest().orElseThrow();
    }

    private Set<String> cellsOf(Placement placement) {
        RoutingMap map = map();
        Set<String> cells = new HashSet<>();
        placement.buckets().forEach(bucket -> cells.add(map.cellFor(bucket).orElseThrow()));
        return cells;
    }

    private long shapesIn(String cell, String tenant) {
        return deployment.cellAdmin().tenantShapes(deployment.cell(cell).url(), tenant).join().shapes();
    }
}
