package io.shapes.cell;

import static io.shapes.cell.CellApi.count;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.own;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.putWithKey;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.shapes.core.BucketRule;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;

@QuarkusTest
@TestProfile(Profiles.IdRangeScheme.class)
@QuarkusTestResource(CellDatabase.class)
class IdRangeSchemeTest {

    @AfterEach
    void restore() {
        CellApi.ownEverything();
    }

    @Test
    void idsSpreadOverBucketsAndCountsAddThemUp() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("spread");
        Set<Integer> buckets = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String id = put(tenant, "triangle").then().statusCode(201).extract().jsonPath().getString("id");
            buckets.add(ShapeId.parse(id).bucket());
        }
        assertTrue(buckets.size() > 35, "random ids land in many buckets: " + buckets.size());
        assertEquals(40, count(tenant, "triangle"));
    }

    @Test
    void idempotentPutsArePinnedToTheKeysBucket() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("pinned");
        String id = putWithKey(tenant, "circle", "k-9").then().statusCode(201).extract().jsonPath().getString("id");
        int expected = BucketRule.bucketForPut(Scheme.ID_RANGE, tenant, "circle", Optional.of("k-9"), null);
        assertEquals(expected, ShapeId.parse(id).bucket(), "a retried put reaches the same bucket, so the same cell");
        assertEquals(id, putWithKey(tenant, "circle", "k-9").jsonPath().getString("id"));
    }

    @Test
    void countsCoverOnlyServedBuckets() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("half");
        int inLowerHalf = 0;
        for (int i = 0; i < 30; i++) {
            String id = put(tenant, "square").then().statusCode(201).extract().jsonPath().getString("id");
            if (ShapeId.parse(id).bucket() < 8192) {
                inLowerHalf++;
            }
        }
        own("8192-16384", "FENCED").then().statusCode(200);
        own("8192-16384", "NONE").then().statusCode(200);
        assertEquals(inLowerHalf, count(tenant, "square"), "a cell counts the buckets it serves, no more");
        internal().get("/internal/v1/tenants/" + tenant + "/counts").then().statusCode(200);
    }
}
