package io.shapes.cell;

import static io.restassured.RestAssured.given;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(Profiles.TinyCell.class)
@QuarkusTestResource(CellDatabase.class)
class LimitsTest {

    @BeforeEach
    void ownEverything() {
        // the in-flight limit is 3: the test counts on every slot
        CellApi.awaitReady();
        CellApi.ownEverything();
    }

    @Test
    void writesBeyondCapacityAreRefusedAsCellFull() {
        String tenant = uniqueTenant("filler");
        int created = 0;
        int full = 0;
        for (int i = 0; i < 15; i++) {
            int status = put(tenant, "circle").statusCode();
            if (status == 201) {
                created++;
            } else {
                assertEquals(507, status, "beyond capacity only 507 is expected");
                full++;
            }
        }
        assertTrue(full >= 5, "at least 5 of 15 puts into a 10-shape cell are refused, got " + full);
        put(tenant, "circle").then().statusCode(507).contentType("application/problem+json")
                .body("code", equalTo("cell-full"));
        internal().get("/internal/v1/info").then().statusCode(200).body("shapes", equalTo(10))
                .body("fillRatio", equalTo(1.0f));
        assertTrue(created <= 10);
    }

    @Test
    void requestsBeyondTheInFlightLimitAreShedAtOnce() throws Exception {
        List<CompletableFuture<Integer>> blocked = new ArrayList<>();
        try (Connection lock = CellDatabase.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table shape_counts in access exclusive mode");
            for (int i = 0; i < 3; i++) {
                blocked.add(CompletableFuture.supplyAsync(() -> internal().queryParam("type", "circle")
                        .get("/internal/v1/tenants/stuck/counts").statusCode()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> CellApi.management().get("/q/metrics").asString()
                    .contains("shapes_cell_requests_in_flight 3.0"));

            long started = System.nanoTime();
            internal().get("/internal/v1/info").then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("overloaded")).header("Retry-After", notNullValue());
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 1000, "shedding answers at once, took " + tookMs + " ms");
            lock.rollback();
        }
        for (CompletableFuture<Integer> request : blocked) {
            assertEquals(200, request.get(), "requests admitted before the limit complete normally");
        }
        internal().get("/internal/v1/info").then().statusCode(200);
        CellApi.management().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("shapes_cell_requests_shed_total"));
    }

    @Test
    void eachReadOfACombinedCallTakesAnInFlightSlot() {
        String tenant = uniqueTenant("reads");
        String id = put(tenant, "circle").then().statusCode(201).extract().jsonPath().getString("id");
        String read = "{\"tenant\":\"" + tenant + "\",\"id\":\"" + id + "\"}";
        internal().contentType(ContentType.JSON).body("{\"reads\":[" + String.join(",",
                Collections.nCopies(4, read)) + "]}").post("/internal/v1/shape-reads").then().statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("overloaded"))
                .header("Retry-After", notNullValue());
        String three = internal().contentType(ContentType.JSON).body("{\"reads\":[" + String.join(
                ",", Collections.nCopies(3, read)) + "]}").post("/internal/v1/shape-reads").then()
                .statusCode(200).extract().asString();
        assertEquals(3, three.split("\n").length, "three reads fit the limit of 3: " + three);
        await().atMost(Duration.ofSeconds(5)).until(() -> CellApi.management().get("/q/metrics").asString()
                .contains("shapes_cell_requests_in_flight 0.0"));
    }
}
