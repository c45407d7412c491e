package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shapes.web.testing.RawHttp;
import io.shapes.core.Json;
import io.shapes.core.Scheme;
import io.shapes.deployment.LocalDeployment;

/**
 * The whole public API (API.md section 1) through a router in front of three real cells, for one scheme. Each
 * scheme's subclass says which calls it expects to be served by one cell and which by a scatter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PublicApiContract {
    private static final String PROBLEM = "application/problem+json";
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.scheme(scheme()).cells(3).routers(1));
    private LocalDeployment deployment;
    private Api api;
    private OpenApiContract contract;
    private String acme;
    private String globex;

    abstract Scheme scheme();

    /** Cells a count of one type asks under this scheme (1: served by one cell). */
    abstract int cellsPerTypeCount();

    /** Cells a count of all types asks under this scheme. */
    abstract int cellsPerAllTypesCount();

    /** Cells the admin's global count of one type asks under this scheme. */
    abstract int cellsPerGlobalCount();

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
        contract = OpenApiContract.servedBy(deployment.router(0).service().managementUrl());
        api = new Api(deployment.router(0).url(), contract);
        acme = deployment.createTenant("acme");
        globex = deployment.createTenant("globex");
        awaitKeys(acme, "acme");
        awaitKeys(globex, "globex");
    }

    /** A key is usable once the router's next map refresh has read it (at most one refresh period). */
    private void awaitKeys(String key, String tenant) {
        await("the router knows the key of " + tenant).atMost(java.time.Duration.ofSeconds(15)).until(
                () -> api.countAll(key, tenant).statusCode() == 200);
    }

    @Test
    void putAnswersCreatedWithLocationAndTheShape() {
        Response put = api.put(acme, "acme", "circle");
        put.then().statusCode(201).contentType(ContentType.JSON)
                .body("tenant", equalTo("acme")).body("type", equalTo("circle"))
                .body("id", matchesPattern("[0-9a-f]{16}"))
                .header("X-Shapes-Cell", matchesPattern("cell-[123]"))
                .header("X-Shapes-Map-Version", equalTo("2"));
        String id = put.path("id");
        assertEquals("/v1/tenants/acme/shapes/" + id, put.header("Location"));
    }

    @Test
    void getShapeReturnsWhatWasPut() {
        String id = api.putOk(acme, "acme", "rhombus");
        api.get(acme, "acme", id).then().statusCode(200)
                .body("id", equalTo(id)).body("tenant", equalTo("acme")).body("type", equalTo("rhombus"))
                .header("X-Shapes-Cell", notNullValue()).header("X-Shapes-Map-Version", equalTo("2"));
    }

    @Test
    void getShapeOfAnUnknownOrMalformedIdIsNotFound() {
        api.get(acme, "acme", "00000000000000ff").then().statusCode(404).contentType(PROBLEM)
                .body("code", equalTo("not-found"));
        api.get(acme, "acme", "not-an-id").then().statusCode(404).body("code", equalTo("not-found"));
    }

    @Test
    void getShapeAnswersOnlyInJsonAndOnlyToReads() {
        String id = api.putOk(acme, "acme", "circle");
        String path = "/v1/tenants/acme/shapes/" + id;
        api.as(acme).header("Accept", "application/json, text/plain;q=0.5").get(path).then().statusCode(200)
                .contentType(ContentType.JSON).body("id", equalTo(id));
        api.as(acme).header("Accept", "text/plain").get(path).then().statusCode(406).contentType(PROBLEM)
                .body("code", equalTo("not-acceptable")).header("X-Shapes-Map-Version", notNullValue());
        api.as(acme).header("Accept", "application/json;q=0").get(path).then().statusCode(406).contentType(PROBLEM);
        api.as(acme).delete(path).then().statusCode(405).contentType(PROBLEM).header("Allow", "GET")
                .body("code", equalTo("method-not-allowed"));
        api.as(acme).put(path).then().statusCode(405).contentType(PROBLEM);
        api.as(acme).contentType(ContentType.JSON).body("{\"type\":\"circle\"}").put(path).then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("carries no body"));
        api.as(globex).get(path).then().statusCode(403).contentType(PROBLEM);
        api.get(acme, "acme", id).then().statusCode(200).body("type", equalTo("circle"));
    }

    @Test
    void countsAreExactAndSayWhichCellsTheyAsked() {
        String tenant = "counter-" + scheme().wireName();
        String key = deployment.createTenant(tenant);
        awaitKeys(key, tenant);
        for (int i = 0; i < 3; i++) {
            api.putOk(key, tenant, "circle");
        }
        for (int i = 0; i < 2; i++) {
            api.putOk(key, tenant, "triangle");
        }
        Response one = api.count(key, tenant, "circle");
        one.then().statusCode(200).body("tenant", equalTo(tenant)).body("type", equalTo("circle"))
                .body("count", equalTo(3)).body("partial", equalTo(false));
        assertFanOut(one, cellsPerTypeCount());
        Response all = api.countAll(key, tenant);
        all.then().statusCode(200).body("counts.circle", equalTo(3)).body("counts.triangle", equalTo(2))
                .body("counts.square", equalTo(0)).body("total", equalTo(5)).body("partial", equalTo(false));
        assertFanOut(all, cellsPerAllTypesCount());
    }

    @Test
    void theAdminCountsOneTypeOverAllTenants() {
        int before = api.globalCount(deployment.adminToken(), "square", false).then().statusCode(200)
                .body("type", equalTo("square")).body("partial", equalTo(false)).extract().path("count");
        api.putOk(acme, "acme", "square");
        api.putOk(globex, "globex", "square");
        api.putOk(globex, "globex", "square");
        Response after = api.globalCount(deployment.adminToken(), "square", false);
        after.then().statusCode(200).body("count", equalTo(before + 3));
        assertFanOut(after, cellsPerGlobalCount());
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameShapeAndADifferentBodyIsAConflict() {
        String first = api.as(acme).header("Idempotency-Key", "order-42").contentType(ContentType.JSON)
                .body("{\"type\":\"circle\"}").post("/v1/tenants/acme/shapes").then().log().ifValidationFails().statusCode(201).extract().path("id");
        String again = api.as(acme).header("Idempotency-Key", "order-42").contentType(ContentType.JSON)
                .body("{\"type\":\"circle\"}").post("/v1/tenants/acme/shapes").then().log().ifValidationFails().statusCode(201).extract().path("id");
        assertEquals(first, again, "a replayed put returns the shape of the first");
        api.as(acme).header("Idempotency-Key", "order-42").contentType(ContentType.JSON).body("{\"type\":\"square\"}")
                .post("/v1/tenants/acme/shapes").then().statusCode(409).contentType(PROBLEM)
                .body("code", equalTo("idempotency-conflict"));
    }

    @Test
    void aKeyNeverReachesAnotherTenantsShapes() {
        String id = api.putOk(acme, "acme", "triangle");
        api.get(globex, "globex", id).then().statusCode(404).body("code", equalTo("not-found"));
        api.get(globex, "acme", id).then().statusCode(403).contentType(PROBLEM).body("code", equalTo("forbidden"));
        api.count(globex, "acme", "triangle").then().statusCode(403).body("code", equalTo("forbidden"));
        api.put(globex, "acme", "triangle").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void callsWithoutAValidKeyAreUnauthenticated() {
        api.put(null, "acme", "circle").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", equalTo("Bearer")).body("code", equalTo("unauthenticated"));
        api.get("shp_not-a-real-key", "acme", "00000000000000ff").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer")).body("code", equalTo("unauthenticated"));
        api.as(null).header("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").get("/v1/tenants/acme/counts")
                .then().statusCode(401).body("code", equalTo("unauthenticated"));
    }

    @Test
    void adminCallsNeedTheAdminTokenAndTheAdminTokenIsNoTenantKey() {
        api.globalCount(acme, "circle", false).then().statusCode(403).body("code", equalTo("forbidden"));
        api.globalCount(null, "circle", false).then().statusCode(401).body("code", equalTo("unauthenticated"));
        api.countAll(deployment.adminToken(), "acme").then().statusCode(403).body("code", equalTo("forbidden"));
        api.as(deployment.adminToken()).get("/v1/admin/counts").then().statusCode(400)
                .body("code", equalTo("invalid-request")).body("detail", containsString("type"));
    }

    @Test
    void badInputIsRefusedWithAProblemAndNothingIsStored() {
        int before = api.countAll(acme, "acme").then().statusCode(200).extract().path("total");
        api.put(acme, "acme", "hexagon").then().statusCode(400).contentType(PROBLEM)
                .body("code", equalTo("invalid-request")).body("detail", containsString("triangle"));
        api.as(acme).contentType(ContentType.JSON).body("{\"type\":").post("/v1/tenants/acme/shapes").then()
                .statusCode(400).body("code", equalTo("invalid-request"));
        api.as(acme).contentType(ContentType.JSON).body("{\"type\":\"circle\",\"id\":\"0000000000000001\"}")
                .post("/v1/tenants/acme/shapes").then().statusCode(400).body("code", equalTo("invalid-request"));
        api.as(acme).contentType(ContentType.JSON).body("{\"type\":\"circle\",\"pad\":\"" + "x".repeat(5000) + "\"}")
                .post("/v1/tenants/acme/shapes").then().statusCode(413).contentType(PROBLEM)
                .body("code", equalTo("payload-too-large"));
        api.as(acme).contentType(ContentType.TEXT).body("circle").post("/v1/tenants/acme/shapes").then()
                .statusCode(415).body("code", equalTo("unsupported-media-type"));
        api.as(acme).header("Idempotency-Key", "x".repeat(129)).contentType(ContentType.JSON)
                .body("{\"type\":\"circle\"}").post("/v1/tenants/acme/shapes").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        api.put(acme, "ACME", "circle").then().statusCode(400).body("code", equalTo("invalid-request"));
        api.as(acme).queryParam("partial", "maybe").get("/v1/tenants/acme/counts").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        api.count(acme, "acme", "hexagon").then().statusCode(400).body("code", equalTo("invalid-request"));
        api.as(acme).get("/v1/nowhere").then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"));
        api.as(acme).delete("/v1/tenants/acme/shapes").then().statusCode(405).contentType(PROBLEM);
        api.countAll(acme, "acme").then().statusCode(200).body("total", equalTo(before));
    }

    @Test
    void hostileRequestsGetAProblemPromptlyAndChangeNothing() {
        String globexShape = api.putOk(globex, "globex", "circle");
        int acmeBefore = api.countAll(acme, "acme").then().statusCode(200).extract().path("total");
        int globexBefore = api.countAll(globex, "globex").then().statusCode(200).extract().path("total");
        List<HostileRequests.Hostile> catalogue = new HostileRequests("acme", acme, "globex", globexShape).all();
        List<String> wrong = new ArrayList<>();
        for (HostileRequests.Hostile hostile : catalogue) {
            String problem = problemIn(hostile);
            if (problem != null) {
                wrong.add(hostile.name() + ": " + problem);
            }
        }
        assertTrue(catalogue.size() >= 112, "at least 112 hostile requests, had " + catalogue.size());
        assertTrue(wrong.isEmpty(), "every hostile request gets a 4xx problem+json without internals within 5 s"
                + " (a request the HTTP codec refuses: a bare 4xx or a closed connection); "
                + wrong.size() + " of " + catalogue.size() + " did not:\n" + String.join("\n", wrong));
        api.countAll(acme, "acme").then().statusCode(200).body("total", equalTo(acmeBefore));
        api.countAll(globex, "globex").then().statusCode(200).body("total", equalTo(globexBefore));
        api.get(globex, "globex", globexShape).then().statusCode(200).body("type", equalTo("circle"));
    }

    /** What is wrong with the router's answer to {@code hostile}, or null if it is a proper 4xx problem. */
    private String problemIn(HostileRequests.Hostile hostile) {
        RawHttp.Answer answer;
        try {
            answer = RawHttp.send(deployment.router(0).url(), hostile.bytes());
        } catch (AssertionError e) {
            return e.getMessage();
        }
        String seen = answer.status() + " " + answer.header("content-type") + " " + abbreviate(answer.body());
        if (hostile.framing()) {
            return answer.status() == 0 || answer.status() >= 400 && answer.status() < 500 ? null : "answered " + seen;
        }
        if (answer.status() < 400 || answer.status() >= 500) {
            return "answered " + seen;
        }
        if (answer.header("content-type") == null || !answer.header("content-type").startsWith(PROBLEM)) {
            return "not a problem+json: " + seen;
        }
        try {
            JsonNode problem = Json.MAPPER.readTree(answer.body());
            if (problem.path("status").asInt() != answer.status() || problem.path("code").asText().isEmpty()) {
                return "the problem lacks its status or code: " + seen;
            }
        } catch (java.io.IOException e) {
            return "the problem is not JSON: " + seen;
        }
        if (answer.body().contains("Exception") || answer.body().contains("\tat ")) {
            return "internals in the answer: " + seen;
        }
        List<String> undocumented = contract.violationsOfRaw(hostile.bytes(), answer);
        return undocumented.isEmpty() ? null : "not as the OpenAPI document says: " + undocumented + " " + seen;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    @Test
    void errorsCarryNoStackTracesOrInternals() {
        api.as(acme).contentType(ContentType.JSON).body("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")
                .post("/v1/tenants/acme/shapes").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.not(containsString("Exception")))
                .body("trace", nullValue());
    }

    private static void assertFanOut(Response response, int cells) {
        if (cells == 1) {
            response.then().header("X-Shapes-Cell", matchesPattern("cell-[123]"))
                    .header("X-Shapes-Cells-Queried", nullValue());
        } else {
            response.then().header("X-Shapes-Cells-Queried", equalTo(String.valueOf(cells)));
        }
    }
    @Test
    void noSpellingOfAProtectedPathReachesTheApi() {
        String id = api.putOk(acme, "acme", "circle");
        double callsBefore = RouterMetrics.sum(deployment.router(0).service().managementUrl(), "shapes_router_calls_total");
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String path : List.of("/v1/tenants/acme/counts", "/v1/tenants/acme/shapes/" + id, "/v1/admin/counts")) {
            List<String> spellings = io.shapes.web.testing.PathSpellings.of(path, "/q/health");
            assertTrue(spellings.size() >= 25, "at least 25 spellings of " + path);
            for (String spelling : spellings) {
                for (String[] credentials : List.of(new String[0],
                        new String[] {"Authorization: Bearer " + globex})) {
                    RawHttp.Answer answer = RawHttp.get(deployment.router(0).url(), spelling, credentials);
                    sent++;
                    String type = answer.header("content-type");
                    if (answer.status() < 400 || answer.status() >= 500 || type == null || !type.startsWith(PROBLEM)) {
                        failures.add(spelling + (credentials.length == 0 ? "" : " (globex's key)") + " → "
                                + answer.status() + " " + type);
                    }
                    List<String> undocumented = contract.violationsOfRaw(("GET " + spelling + " HTTP/1.1\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), answer);
                    if (!undocumented.isEmpty()) {
                        failures.add(spelling + " → not as the OpenAPI document says: " + undocumented);
                    }
                }
            }
        }
        assertEquals(List.of(), failures, "every spelling without acme's key must get a 4xx problem");
        assertEquals(callsBefore, RouterMetrics.sum(deployment.router(0).service().managementUrl(), "shapes_router_calls_total"),
                "none of " + sent + " requests reached an API handler");
    }

    @Test
    void aGetWithACraftedBucketIsNotFoundWithoutAskingACell() {
        org.junit.jupiter.api.Assumptions.assumeTrue(scheme() != Scheme.ID_RANGE,
                "under id-range every bucket may hold any tenant's shapes");
        io.shapes.core.Placement acmes = deployment.controlStore().tenants().placement("acme");
        io.shapes.core.Placement globexs = deployment.controlStore().tenants().placement("globex");
        int bucket = IntStream.range(0, io.shapes.core.Buckets.COUNT)
                .filter(b -> !acmes.holds(b) && !globexs.holds(b))
                .filter(b -> io.shapes.core.ShapeTypes.DEFAULT.allowed().stream().noneMatch(t -> io.shapes.core.Buckets.of(t) == b))
                .findFirst().orElseThrow();
        String crafted = io.shapes.core.ShapeId.of(bucket, 42).toString();
        Response answer = api.get(acme, "acme", crafted);
        answer.then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not-found"))
                .header("X-Shapes-Cell", nullValue());
    }

    @Test
    void aCountCostsOneRateLimitTokenPerCellItReaches() {
        String tenant = "metered-" + scheme().wireName();
        String key = deployment.createTenant(tenant);
        awaitKeys(key, tenant);
        int rate = 3;
        deployment.controlStore().tenants().setRateLimit(tenant, rate);
        await("the router applies the rate limit of " + tenant).atMost(java.time.Duration.ofSeconds(15)).until(() -> {
            for (int i = 0; i < 2 * rate + 1; i++) {
                if (api.countAll(key, tenant).statusCode() == 429) {
                    return true;
                }
            }
            return false;
        });
        org.awaitility.Awaitility.await("the tenant's bucket refills").pollDelay(java.time.Duration.ofMillis(1100))
                .until(() -> true);
        int admitted = 0;
        while (api.countAll(key, tenant).statusCode() == 200) {
            admitted++;
        }
        int cost = Math.min(rate, cellsPerAllTypesCount());
        assertEquals(rate / cost, admitted, "a count that reaches " + cellsPerAllTypesCount()
                + " cell(s) costs as many tokens of the tenant's " + rate + " per second");
    }
}
