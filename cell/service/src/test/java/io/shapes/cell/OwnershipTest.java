package io.shapes.cell;

import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.own;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shapes.core.Buckets;

@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class OwnershipTest {

    @AfterEach
    void restore() {
        CellApi.ownEverything();
    }

    /** The range of the tenant's bucket alone, so the rest of the cell stays untouched. */
    private static String rangeOf(String tenant) {
        int bucket = Buckets.of(tenant);
        return bucket + "-" + (bucket + 1);
    }

    @Test
    void unownedBucketIsMisdirectedWithTheCellsMapVersion() {
        String tenant = uniqueTenant("elsewhere");
        CellApi.ownEverything();
        String id = put(tenant, "circle").jsonPath().getString("id");
        internal().contentType(ContentType.JSON).body("{\"state\":\"FENCED\",\"mapVersion\":7}")
                .put("/internal/v1/ownership/" + rangeOf(tenant)).then().statusCode(200);
        internal().contentType(ContentType.JSON).body("{\"state\":\"NONE\",\"mapVersion\":8}")
                .put("/internal/v1/ownership/" + rangeOf(tenant)).then().statusCode(200);

        put(tenant, "circle").then().statusCode(421).contentType("application/problem+json")
                .body("code", equalTo("misdirected")).body("mapVersion", equalTo(8))
                .header("X-Shapes-Map-Version", "8");
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(421);
        internal().queryParam("type", "circle").get("/internal/v1/tenants/" + tenant + "/counts").then()
                .statusCode(421);
    }

    @Test
    void writesToAFencedRangeAreMovingButReadsAreServed() {
        String tenant = uniqueTenant("moving");
        CellApi.ownEverything();
        String id = put(tenant, "square").jsonPath().getString("id");
        own(rangeOf(tenant), "FENCED").then().statusCode(200);

        put(tenant, "square").then().statusCode(503).contentType("application/problem+json")
                .body("code", equalTo("moving")).body("retryAfterMs", notNullValue())
                .header("Retry-After", notNullValue());
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(200);
        internal().queryParam("type", "square").get("/internal/v1/tenants/" + tenant + "/counts").then()
                .statusCode(200).body("count", equalTo(1));

        own(rangeOf(tenant), "OWNED").then().statusCode(200);
        put(tenant, "square").then().statusCode(201);
    }

    @Test
    void aWriteAtAFenceWaitsForItsEndAndIsAnsweredByWhatFollows() throws Exception {
        CellApi.ownEverything();
        String released = uniqueTenant("held-released");
        own(rangeOf(released), "FENCED").then().statusCode(200);
        heldAfter(released, "NONE").then().statusCode(421)
                .body("code", equalTo("misdirected")).body("mapVersion", notNullValue());

        CellApi.ownEverything();
        String restored = uniqueTenant("held-restored");
        own(rangeOf(restored), "FENCED").then().statusCode(200);
        heldAfter(restored, "OWNED").then().statusCode(201);
        internal().queryParam("type", "circle").get("/internal/v1/tenants/" + restored + "/counts").then()
                .statusCode(200).body("count", equalTo(1));
    }

    @Test
    void aWriteAtAFenceThatStaysIsAnsweredMovingAfterTheHold() throws Exception {
        String tenant = uniqueTenant("held-moving");
        CellApi.ownEverything();
        own(rangeOf(tenant), "FENCED").then().statusCode(200);
        long start = System.nanoTime();
        put(tenant, "square").then().statusCode(503).body("code", equalTo("moving"));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 250, "the write waited for the fence-hold-ms default of 250 ms, not " + waitedMs);

        // the write that gave up did not cancel the next one's wait
        heldAfter(tenant, "OWNED").then().statusCode(201);
    }

    /** A put to the tenant's fenced bucket, answered after the bucket moved to {@code state} while it waited. */
    private static io.restassured.response.Response heldAfter(String tenant, String state) throws Exception {
        CompletableFuture<io.restassured.response.Response> held = CompletableFuture.supplyAsync(
                () -> put(tenant, "circle"));
        await().atMost(Duration.ofSeconds(20)).until(() -> CellApi.management().get("/q/metrics").asString()
                .contains("shapes_cell_requests_in_flight 1.0"));
        own(rangeOf(tenant), state).then().statusCode(200);
        return held.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void incomingRangesAreNotServedNorCounted() {
        String tenant = uniqueTenant("incoming");
        CellApi.ownEverything();
        put(tenant, "circle").then().statusCode(201);
        own(rangeOf(tenant), "FENCED").then().statusCode(200);
        own(rangeOf(tenant), "NONE").then().statusCode(200);
        own(rangeOf(tenant), "INCOMING").then().statusCode(200);
        put(tenant, "circle").then().statusCode(421);
        internal().queryParam("type", "rhombus").get("/internal/v1/counts").then().statusCode(200);
        own(rangeOf(tenant), "OWNED").then().statusCode(200);
        internal().queryParam("type", "circle").get("/internal/v1/tenants/" + tenant + "/counts").then()
                .statusCode(200).body("count", equalTo(1));
    }

    @Test
    void illegalTransitionsAreConflictsNamingTheRange() {
        String tenant = uniqueTenant("illegal");
        CellApi.ownEverything();
        own(rangeOf(tenant), "INCOMING").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("conflict")).body("detail", containsString("cannot become INCOMING"));
        own(rangeOf(tenant), "NONE").then().statusCode(409).body("detail", containsString("are OWNED"));
    }

    @Test
    void ownershipChangesAreValidated() {
        own("10-5", "OWNED").then().statusCode(400).body("code", equalTo("invalid-request"));
        own("0-99999", "OWNED").then().statusCode(400);
        own("abc", "OWNED").then().statusCode(400);
        own("0-10", "SOLD").then().statusCode(400).body("code", equalTo("invalid-request"));
        internal().contentType(ContentType.JSON).body("{\"mapVersion\":1}").put("/internal/v1/ownership/0-10")
                .then().statusCode(400).body("detail", containsString("state"));
    }

    @Test
    void ownershipSurvivesInTheDatabase() throws Exception {
        String tenant = uniqueTenant("persisted");
        CellApi.ownEverything();
        own(rangeOf(tenant), "FENCED").then().statusCode(200);
        try (var c = CellDatabase.connect(); var s = c.createStatement();
                var rs = s.executeQuery("select state from ownership where from_bucket = " + Buckets.of(tenant))) {
            org.junit.jupiter.api.Assertions.assertTrue(rs.next(), "the fenced range is a row of its own");
            org.junit.jupiter.api.Assertions.assertEquals("FENCED", rs.getString(1));
        }
    }

    @Test
    void aFenceWaitsForWritesAlreadyUnderWay() throws Exception {
        CellApi.ownEverything();
        String tenant = uniqueTenant("racer");
        int bucket = io.shapes.core.Buckets.of(tenant);
        CompletableFuture<Void> putDone;
        CompletableFuture<Void> fenced;
        CompletableFuture<Long> committedWhenFenced;
        try (Connection lock = CellDatabase.connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table shapes in access exclusive mode");
            putDone = CompletableFuture.runAsync(() -> put(tenant, "circle").then().statusCode(201));
            await().atMost(Duration.ofSeconds(20)).until(() -> CellApi.management().get("/q/metrics").asString()
                    .contains("shapes_cell_requests_in_flight 1.0"));
            fenced = CompletableFuture.runAsync(() -> own(bucket + "-" + (bucket + 1), "FENCED").then()
                    .statusCode(200));
            committedWhenFenced = fenced.thenApply(done -> committedShapesOf(tenant));
            await().atMost(Duration.ofSeconds(20)).until(() -> CellApi.management().get("/q/metrics").asString()
                    .contains("shapes_cell_requests_in_flight 2.0"));
            // the fence itself touches no locked table: a fence that did not wait would return within milliseconds
            await("the fence waits for the write under way").during(Duration.ofMillis(750))
                    .atMost(Duration.ofSeconds(5)).until(() -> !fenced.isDone());
            lock.rollback();
        }
        assertEquals(1L, committedWhenFenced.get(20, java.util.concurrent.TimeUnit.SECONDS),
                "when the fence returned, the write under way was already committed");
        putDone.get();
        put(tenant, "circle").then().statusCode(503).body("code", equalTo("moving"));
        own(bucket + "-" + (bucket + 1), "OWNED").then().statusCode(200);
    }

    private static long committedShapesOf(String tenant) {
        try (var c = CellDatabase.connect();
                var s = c.prepareStatement("select count(*) from shapes where tenant = ?")) {
            s.setString(1, tenant);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
