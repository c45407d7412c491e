package io.shapes.cell;

import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.shapes.cell.data.PipelinedReads;

/**
 * getShape's reads on their pipelined connections ({@link PipelinedReads}), in a cell of their own (2 connections):
 * the warm-up opens as many as configured, and reads go on after the database drops them, as a restart does.
 */
@QuarkusTest
@TestProfile(Profiles.TwoReadConnections.class)
@QuarkusTestResource(CellDatabase.class)
class PipelinedReadsTest {
    @BeforeEach
    void ownEverything() {
        CellApi.awaitReady();
        CellApi.ownEverything();
    }

    @Test
    void theWarmUpOpensEveryReadConnectionAndReadsGoOnAfterTheDatabaseDropsThem() throws Exception {
        assertEquals(2, CellDatabase.readConnections(), "read-connections=2, all open once ready");
        String tenant = uniqueTenant("reader");
        String path = "/internal/v1/tenants/" + tenant + "/shapes/" + put(tenant, "circle").jsonPath().getString("id");
        internal().get(path).then().statusCode(200);

        assertEquals(2, CellDatabase.dropReadConnections());
        Response first = internal().get(path);
        assertTrue(first.statusCode() == 200 || first.statusCode() == 503, "200 or 503, got " + first.statusCode()
                + " " + first.asString());
        if (first.statusCode() == 503) {
            first.then().contentType("application/problem+json").body("code", equalTo("cell-unavailable"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> internal().get(path).then().statusCode(200)
                .body("type", equalTo("circle")));
    }
}
