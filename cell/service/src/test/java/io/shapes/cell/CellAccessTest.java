package io.shapes.cell;

import static io.restassured.RestAssured.given;
import static io.shapes.cell.CellApi.dataPlane;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shapes.web.testing.PathSpellings;
import io.shapes.web.testing.RawHttp;

/** Deny by default: no spelling of a path reaches a handler without the right token (issue: a ';' walked past). */
@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class CellAccessTest {
    private static final List<String> PROTECTED = List.of("/internal/v1/probe", "/internal/v1/data-probe",
            "/internal/v1/info", "/internal/v1/ownership", "/internal/v1/ranges/0-16384/changes",
            "/internal/v1/ranges/0-16384/sums", "/internal/v1/ranges/0-16384/digest", "/internal/v1/ranges/0-16384/verify", "/internal/v1/tenants/acme/counts",
            "/internal/v1/stats/tenants", "/internal/v1/stats/tenants/acme", "/internal/v1/stats/traffic",
            "/internal/v1/health", "/internal/v1/shape-reads");

    @TestHTTPResource("/")
    URI cell;

    @BeforeEach
    void ownEverything() {
        CellApi.ownEverything();
    }

    @Test
    void noSpellingOfAProtectedPathReachesAHandlerWithoutAToken() {
        int adminCalls = ProbeResource.ADMIN_CALLS.get();
        int dataCalls = ProbeResource.DATA_PLANE_CALLS.get();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String path : PROTECTED) {
            List<String> spellings = PathSpellings.of(path, "/q/health");
            assertTrue(spellings.size() >= 25, "at least 25 spellings of " + path);
            for (String spelling : spellings) {
                refusedAsProblem(spelling, RawHttp.get(cell, spelling), failures);
                sent++;
            }
            refusedAsProblem(path, RawHttp.get(cell, path), failures);
        }
        assertEquals(List.of(), failures, "every spelling without a token must get a 4xx problem");
        RawHttp.Answer backslashes = RawHttp.get(cell, "/internal\\v1\\probe");
        assertTrue(backslashes.status() >= 400 && backslashes.status() < 500,
                "a raw backslash is not a URI: the HTTP layer refuses it (" + backslashes.status() + ")");
        assertEquals(adminCalls, ProbeResource.ADMIN_CALLS.get(), "no handler ran for " + sent + " requests");
        assertEquals(dataCalls, ProbeResource.DATA_PLANE_CALLS.get(), "no handler ran for " + sent + " requests");
    }

    @Test
    void noSpellingOfAnAdminPathReachesItsHandlerWithTheDataPlaneToken() {
        int adminCalls = ProbeResource.ADMIN_CALLS.get();
        List<String> failures = new ArrayList<>();
        for (String spelling : PathSpellings.of("/internal/v1/probe", "/internal/v1/data-probe")) {
            refusedAsProblem(spelling, RawHttp.get(cell, spelling, "Authorization: Bearer " + CellApi.DATA_TOKEN),
                    failures);
        }
        refusedAsProblem("/internal/v1/probe", RawHttp.get(cell, "/internal/v1/probe",
                "Authorization: Bearer " + CellApi.DATA_TOKEN), failures);
        assertEquals(List.of(), failures, "the data-plane token must open no spelling of an admin path");
        assertEquals(adminCalls, ProbeResource.ADMIN_CALLS.get(), "the admin handler must not have run");
    }

    @Test
    void oddSpellingsAreInvalidEvenWithTheAdminToken() {
        for (String spelling : List.of("/internal;/v1/info", "/internal/v1/info;x", "/internal//v1/info",
                "/internal/./v1/info", "/internal/x/../v1/info", "/internal%2Fv1/info", "/internal/v1/info/")) {
            RawHttp.Answer answer = RawHttp.get(cell, spelling, "Authorization: Bearer " + CellApi.TOKEN);
            assertEquals(400, answer.status(), spelling + " → " + answer.body());
            assertTrue(answer.body().contains("\"invalid-request\""), spelling + " → " + answer.body());
        }
    }

    @Test
    void theDataPlaneTokenPutsGetsAndCountsButOpensNoAdminEndpoint() {
        String tenant = uniqueTenant("dp");
        String id = dataPlane().contentType(ContentType.JSON).body("{\"type\":\"circle\"}")
                .post("/internal/v1/tenants/" + tenant + "/shapes").then().statusCode(201).extract().path("id");
        dataPlane().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(200);
        dataPlane().get("/internal/v1/tenants/" + tenant + "/counts").then().statusCode(200);
        dataPlane().queryParam("type", "circle").get("/internal/v1/counts").then().statusCode(200);
        dataPlane().get("/internal/v1/health").then().statusCode(200).body("status", equalTo("up"));
        dataPlane().get("/internal/v1/info").then().statusCode(403).body("code", equalTo("forbidden"));
        dataPlane().get("/internal/v1/stats/tenants").then().statusCode(403).body("code", equalTo("forbidden"));
        dataPlane().get("/internal/v1/stats/traffic").then().statusCode(403).body("code", equalTo("forbidden"));
        internal().get("/internal/v1/stats/traffic").then().statusCode(200)
                .body("find { it.tenant == '" + tenant + "' }.puts", equalTo(1));
        for (String limit : List.of("0", "-1", "abc", "1001", "99999999999999999999999")) {
            internal().queryParam("limit", limit).get("/internal/v1/stats/traffic").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        dataPlane().get("/internal/v1/ownership").then().statusCode(403);
        dataPlane().contentType(ContentType.JSON).body("{\"state\":\"FENCED\",\"mapVersion\":1}")
                .put("/internal/v1/ownership/0-16384").then().statusCode(403);
        dataPlane().contentType(ContentType.JSON).body("{\"shapes\":[]}").post("/internal/v1/import").then()
                .statusCode(403);
        dataPlane().get("/internal/v1/ranges/0-16384/changes").then().statusCode(403);
        dataPlane().get("/internal/v1/ranges/0-16384/sums").then().statusCode(403);
        dataPlane().get("/internal/v1/ranges/0-16384/verify").then().statusCode(403);
        dataPlane().get("/internal/v1/ranges/0-16384/digest").then().statusCode(403);
        dataPlane().delete("/internal/v1/ranges/0-16384/shapes").then().statusCode(403);
        internal().get("/internal/v1/ownership").then().statusCode(200).body("[0].state", equalTo("OWNED"));
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortAndNothingIsOpenOnTheServicePort() {
        CellApi.management().get("/q/health/live").then().statusCode(200);
        CellApi.management().get("/q/health/ready").then().statusCode(200);
        CellApi.management().get("/q/metrics").then().statusCode(200);
        for (String path : List.of("/", "/q", "/q/health", "/q/health/ready", "/q/metrics", "/q/dev", "/q/openapi",
                "/nothing-here", "/internal/v1/nope")) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("code", equalTo("unauthenticated"));
        }
    }

    private static void refusedAsProblem(String path, RawHttp.Answer answer, List<String> failures) {
        boolean problem = answer.header("content-type") != null
                && answer.header("content-type").startsWith("application/problem+json");
        if (answer.status() < 400 || answer.status() >= 500 || !problem) {
            failures.add(path + " → " + answer.status() + " " + answer.header("content-type"));
        }
    }
}
