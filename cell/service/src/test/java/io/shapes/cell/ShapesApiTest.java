package io.shapes.cell;

import static io.restassured.RestAssured.given;
import static io.shapes.cell.CellApi.count;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.putWithKey;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shapes.core.Buckets;
import io.shapes.cell.service.OperationsGauges;
import io.shapes.core.ShapeId;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class ShapesApiTest {
    @Inject
    OperationsGauges gauges;

    @BeforeEach
    void ownEverything() {
        CellApi.ownEverything();
    }

    @Test
    void putThenGetReturnsTheShapeInTheTenantsBucket() {
        String tenant = uniqueTenant("acme");
        Response created = put(tenant, "circle");
        created.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", startsWith("/internal/v1/tenants/" + tenant + "/shapes/"))
                .header("X-Shapes-Cell", "cell-1")
                .body("tenant", equalTo(tenant)).body("type", equalTo("circle"));
        String id = created.jsonPath().getString("id");
        assertEquals(Buckets.of(tenant), ShapeId.parse(id).bucket(), "under the tenant scheme the id carries hash(tenant)");
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("tenant", equalTo(tenant)).body("type", equalTo("circle"));
    }

    @Test
    void anotherTenantCannotReadTheShape() {
        String owner = uniqueTenant("owner");
        String id = put(owner, "square").jsonPath().getString("id");
        internal().get("/internal/v1/tenants/" + uniqueTenant("thief") + "/shapes/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not-found"));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        String tenant = uniqueTenant("acme");
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + ShapeId.of(Buckets.of(tenant), 42))
                .then().statusCode(404).body("code", equalTo("not-found"));
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/not-an-id").then().statusCode(404)
                .body("code", equalTo("not-found"));
    }

    @Test
    void countsByTypeByTenantAndGlobal() {
        String tenant = uniqueTenant("counter");
        for (int i = 0; i < 3; i++) {
            put(tenant, "circle").then().statusCode(201);
        }
        put(tenant, "triangle").then().statusCode(201);
        long globalCirclesBefore = internal().queryParam("type", "rhombus").get("/internal/v1/counts").jsonPath()
                .getLong("count");
        put(tenant, "rhombus").then().statusCode(201);

        assertEquals(3, count(tenant, "circle"));
        assertEquals(0, count(tenant, "square"));
        internal().get("/internal/v1/tenants/" + tenant + "/counts").then().statusCode(200)
                .body("counts.circle", equalTo(3)).body("counts.triangle", equalTo(1))
                .body("counts.square", equalTo(0)).body("total", equalTo(5));
        internal().queryParam("type", "rhombus").get("/internal/v1/counts").then().statusCode(200)
                .body("count", equalTo((int) globalCirclesBefore + 1));
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheSameShape() {
        String tenant = uniqueTenant("idem");
        Response first = putWithKey(tenant, "circle", "order-42");
        first.then().statusCode(201).header("Idempotent-Replayed", "false");
        Response second = putWithKey(tenant, "circle", "order-42");
        second.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getString("id"), second.jsonPath().getString("id"), "same key, same shape");
        assertEquals(1, count(tenant, "circle"), "a replay stores nothing");
    }

    @Test
    void theShapeOfAnIdempotencyKeyCanBeLookedUp() {
        String tenant = uniqueTenant("idem");
        String id = putWithKey(tenant, "rhombus", "order/7?&=").then().statusCode(201).extract().path("id");
        internal().queryParam("key", "order/7?&=").get("/internal/v1/tenants/{t}/idempotency-keys", tenant).then()
                .statusCode(200).body("id", equalTo(id)).body("type", equalTo("rhombus"));
        internal().queryParam("key", "never-used").get("/internal/v1/tenants/{t}/idempotency-keys", tenant).then()
                .statusCode(404).body("code", equalTo("not-found"));
        internal().get("/internal/v1/tenants/{t}/idempotency-keys", tenant).then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        internal().queryParam("key", "x".repeat(129)).get("/internal/v1/tenants/{t}/idempotency-keys", tenant)
                .then().statusCode(400).body("code", equalTo("invalid-request"));
    }

    @Test
    void sameIdempotencyKeyWithADifferentBodyIsAConflict() {
        String tenant = uniqueTenant("idem");
        putWithKey(tenant, "circle", "k-1").then().statusCode(201);
        putWithKey(tenant, "square", "k-1").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("idempotency-conflict"));
        assertEquals(0, count(tenant, "square"), "the conflicting put stored nothing");
        putWithKey(uniqueTenant("other"), "square", "k-1").then().statusCode(201);
    }

    @Test
    void malformedJsonIsInvalid() {
        String tenant = uniqueTenant("bad");
        for (String body : List.of("{", "{\"type\":}", "[]", "null", "\"circle\"", "{\"type\":\"circle\"} trailing",
                "{\"type\":{\"nested\":1}}", "{\"type\":\"circle\",\"color\":\"red\"}", "[".repeat(100))) {
            internal().contentType(ContentType.JSON).body(body).post("/internal/v1/tenants/" + tenant + "/shapes")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("invalid-request")).body("detail", not(containsString("jackson")))
                    .body("detail", not(containsString("Exception")));
        }
        assertEquals(0, internal().get("/internal/v1/tenants/" + tenant + "/counts").jsonPath().getInt("total"));
    }

    @Test
    void missingAndUnknownTypesListTheAllowedOnes() {
        String tenant = uniqueTenant("types");
        internal().contentType(ContentType.JSON).body("{}").post("/internal/v1/tenants/" + tenant + "/shapes")
                .then().statusCode(400).body("code", equalTo("invalid-request"))
                .body("detail", containsString("triangle, circle, rhombus, square"));
        put(tenant, "hexagon").then().statusCode(400).body("detail", containsString("allowed: triangle"));
        internal().queryParam("type", "hexagon").get("/internal/v1/tenants/" + tenant + "/counts").then()
                .statusCode(400).body("code", equalTo("invalid-request"));
        internal().get("/internal/v1/counts").then().statusCode(400).body("code", equalTo("invalid-request"));
    }

    @Test
    void badTenantNamesAreInvalid() {
        for (String tenant : List.of("UPPER", "-leading", "a".repeat(64), "sp%20ace", "semi;colon", "%C3%A9t%C3%A9")) {
            internal().contentType(ContentType.JSON).body("{\"type\":\"circle\"}")
                    .post("/internal/v1/tenants/" + tenant + "/shapes").then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("invalid-request"));
        }
    }

    @Test
    void oversizedBodyIsRefused() {
        String padding = " ".repeat(5000);
        internal().contentType(ContentType.JSON).body("{\"type\":\"circle\"" + padding + "}")
                .post("/internal/v1/tenants/" + uniqueTenant("big") + "/shapes").then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("payload-too-large"));
    }

    @Test
    void bodyOverTheHttpLimitIsRefusedAsProblemBeforeItIsSent() throws Exception {
        int port = io.restassured.RestAssured.port;
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String head = "POST /internal/v1/tenants/x/shapes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + CellApi.TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + (9 * 1024 * 1024)
                    + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(600), java.nio.charset.StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains("application/problem+json"), answer);
            org.junit.jupiter.api.Assertions.assertTrue(answer.contains("payload-too-large"), answer);
        }
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        internal().contentType(ContentType.TEXT).body("{\"type\":\"circle\"}")
                .post("/internal/v1/tenants/" + uniqueTenant("text") + "/shapes").then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void badIdempotencyKeysAreInvalid() {
        String tenant = uniqueTenant("keys");
        putWithKey(tenant, "circle", "x".repeat(129)).then().statusCode(400).body("code", equalTo("invalid-request"));
        putWithKey(tenant, "circle", "has space").then().statusCode(400).body("code", equalTo("invalid-request"));
    }

    @Test
    void requestsWithoutTheInternalTokenAreUnauthenticated() {
        given().contentType(ContentType.JSON).body("{\"type\":\"circle\"}").post("/internal/v1/tenants/acme/shapes")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").contentType("application/problem+json")
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer wrong-token-of-some-length").get("/internal/v1/info").then()
                .statusCode(401).body("code", equalTo("unauthenticated"));
        given().get("/internal/v1/nope").then().statusCode(401);
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        internal().get("/internal/v1/nope").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("not-found"));
        internal().delete("/internal/v1/tenants/acme/shapes").then().statusCode(405)
                .contentType("application/problem+json");
        internal().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void routerChosenIdsMayLieInAnyOwnedBucketOfTheTenantsPlacement() {
        String tenant = uniqueTenant("ids");
        ShapeId hashed = ShapeId.of(Buckets.of(tenant), 12345);
        internal().contentType(ContentType.JSON).body("{\"type\":\"circle\",\"id\":\"" + hashed + "\"}")
                .post("/internal/v1/tenants/" + tenant + "/shapes").then().statusCode(201)
                .body("id", equalTo(hashed.toString()));
        int other = (Buckets.of(tenant) + 1) % Buckets.COUNT;
        ShapeId placed = ShapeId.of(other, 12345);
        internal().contentType(ContentType.JSON).body("{\"type\":\"circle\",\"id\":\"" + placed + "\"}")
                .post("/internal/v1/tenants/" + tenant + "/shapes").then().statusCode(201)
                .body("id", equalTo(placed.toString()));
        internal().get("/internal/v1/tenants/" + tenant + "/counts?type=circle&buckets=" + Buckets.of(tenant) + ","
                + other).then().statusCode(200).body("count", equalTo(2));
        internal().contentType(ContentType.JSON).body("{\"type\":\"circle\",\"id\":\"zz\"}")
                .post("/internal/v1/tenants/" + tenant + "/shapes").then().statusCode(400);
    }

    @Test
    void aBucketListLongerThanAnyPlacementIsRefused() {
        String tooMany = String.join(",", java.util.Collections.nCopies(1025, "1"));
        internal().urlEncodingEnabled(false).get("/internal/v1/tenants/" + uniqueTenant("wide") + "/counts?buckets="
                + tooMany).then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("at most 1024"));
    }

    @Test
    void malformedBucketListsAreRefused() {
        String tenant = uniqueTenant("lists");
        for (String buckets : List.of("abc", "1,,2", "1,1", "-1", "16384", "1;2", "9".repeat(40))) {
            internal().queryParam("buckets", buckets).get("/internal/v1/tenants/" + tenant + "/counts").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-request"));
        }
    }

    @Test
    void countsStayExactUnderConcurrentWriters() throws Exception {
        String tenant = uniqueTenant("busy");
        int writers = 8;
        int putsEach = 500;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                results.add(pool.submit(() -> {
                    int created = 0;
                    for (int i = 0; i < putsEach; i++) {
                        if (put(tenant, i % 2 == 0 ? "circle" : "square").statusCode() == 201) {
                            created++;
                        }
                    }
                    return created;
                }));
            }
            int acknowledged = 0;
            for (Future<Integer> result : results) {
                acknowledged += result.get();
            }
            assertEquals(writers * putsEach, acknowledged, "every put was acknowledged");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(writers * putsEach / 2, count(tenant, "circle"), "circle count equals acknowledged circle puts");
        assertEquals(writers * putsEach / 2, count(tenant, "square"), "square count equals acknowledged square puts");
        try (var c = CellDatabase.connect(); var s = c.createStatement();
                var rs = s.executeQuery("select count(*) from shapes where tenant = '" + tenant + "'")) {
            rs.next();
            assertEquals(writers * putsEach, rs.getInt(1), "the rows in the table match the counts");
        }
    }

    @Test
    void healthAndMetricsAreExposed() {
        CellApi.management().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        CellApi.management().get("/q/health/live").then().statusCode(200);
        CellApi.management().get("/q/metrics").then().statusCode(200)
                .body(containsString("shapes_cell_fill_ratio"))
                .body(containsString("shapes_cell_shapes_stored"))
                .body(containsString("shapes_cell_requests_in_flight"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void theInternalApiIsDescribedByAnOpenApiDocumentWithTheErrorCatalogue() {
        io.restassured.path.json.JsonPath document = CellApi.management().get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        assertEquals("Shapes cell internal API", document.getString("info.title"));
        java.util.Map<String, Object> paths = document.getMap("paths");
        for (String path : List.of("/internal/v1/tenants/{tenant}/shapes", "/internal/v1/tenants/{tenant}/shapes/{id}",
                "/internal/v1/tenants/{tenant}/counts", "/internal/v1/tenants/{tenant}/idempotency-keys",
                "/internal/v1/counts", "/internal/v1/info", "/internal/v1/ownership", "/internal/v1/ownership/{range}",
                "/internal/v1/import", "/internal/v1/ranges/{range}/changes", "/internal/v1/ranges/{range}/shapes",
                "/internal/v1/ranges/{range}/sums", "/internal/v1/ranges/{range}/digest", "/internal/v1/ranges/{range}/fence",
                "/internal/v1/ranges/{range}/take",
                "/internal/v1/ranges/{range}/verify", "/internal/v1/stats/tenants", "/internal/v1/stats/tenants/{tenant}",
                "/internal/v1/stats/traffic", "/internal/v1/shape-reads")) {
            assertTrue(paths.containsKey(path), "the document describes " + path + ": " + paths.keySet());
        }
        java.util.Map<String, Object> put = document.getMap("paths.'/internal/v1/tenants/{tenant}/shapes'.post.responses");
        assertTrue(put.containsKey("201") && !put.containsKey("200"), "a put answers 201: " + put.keySet());
        for (String status : List.of("400", "401", "403", "409", "413", "415", "421", "503", "507")) {
            assertTrue(put.containsKey(status), "a put may answer " + status + ": " + put.keySet());
        }
        assertEquals("#/components/schemas/Problem", document.getString(
                "paths.'/internal/v1/tenants/{tenant}/shapes'.post.responses.'421'.content.'application/problem+json'.schema.$ref"));
        assertEquals("bearer", document.getString("components.securitySchemes.cellToken.scheme"));
        assertTrue(document.getList("components.schemas.Problem.properties.code.enum").contains("misdirected"));
    }

    @Test
    void readinessAndTheBusiestTenantsAreGaugesWithBoundedSeries() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> CellApi.management().get("/q/metrics").then()
                .body(containsString("\nshapes_cell_ready 1.0\n")));
        String busy = uniqueTenant("busy");
        for (int i = 0; i < 12; i++) {
            put(busy, "circle").then().statusCode(201);
        }
        for (int i = 0; i <= OperationsGauges.TOP_TENANTS; i++) {
            put(uniqueTenant("quiet"), "square").then().statusCode(201);
        }
        gauges.refreshBusiestTenants();
        String metrics = CellApi.management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("shapes_cell_tenant_requests_rate{tenant=\"" + busy + "\"}"), metrics);
        long tenantSeries = metrics.lines().filter(l -> l.startsWith("shapes_cell_tenant_requests_rate{")).count();
        assertEquals(OperationsGauges.TOP_TENANTS, tenantSeries, "a series for each of the busiest tenants only");
    }

    @Test
    void infoDescribesTheCell() {
        internal().get("/internal/v1/info").then().statusCode(200)
                .body("name", equalTo("cell-1")).body("scheme", equalTo("tenant"))
                .body("capacity", equalTo(1000000)).body("ranges[0].state", equalTo("OWNED"))
                .body("ranges[0].from", equalTo(0)).body("ranges[0].to", equalTo(16384));
    }
}
