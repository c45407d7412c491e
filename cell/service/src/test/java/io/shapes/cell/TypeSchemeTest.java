package io.shapes.cell;

import static io.shapes.cell.CellApi.count;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.own;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.shapes.core.Buckets;
import io.shapes.core.ShapeId;

@QuarkusTest
@TestProfile(Profiles.TypeScheme.class)
@QuarkusTestResource(CellDatabase.class)
class TypeSchemeTest {

    @AfterEach
    void restore() {
        CellApi.ownEverything();
    }

    @Test
    void theTypeDecidesTheBucket() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("typed");
        String circle = put(tenant, "circle").then().statusCode(201).extract().jsonPath().getString("id");
        String square = put(tenant, "square").then().statusCode(201).extract().jsonPath().getString("id");
        assertEquals(Buckets.of("circle"), ShapeId.parse(circle).bucket(), "circle lives in hash('circle')");
        assertEquals(Buckets.of("square"), ShapeId.parse(square).bucket(), "square lives in hash('square')");
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + circle).then().statusCode(200)
                .body("type", equalTo("circle"));
        assertEquals(1, count(tenant, "circle"));
    }

    @Test
    void aTypeWhoseBucketIsElsewhereIsMisdirected() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("typed");
        put(tenant, "rhombus").then().statusCode(201);
        int rhombus = Buckets.of("rhombus");
        own(rhombus + "-" + (rhombus + 1), "FENCED").then().statusCode(200);
        own(rhombus + "-" + (rhombus + 1), "NONE").then().statusCode(200);
        put(tenant, "rhombus").then().statusCode(421);
        internal().queryParam("type", "rhombus").get("/internal/v1/counts").then().statusCode(421);
        internal().queryParam("type", "rhombus").get("/internal/v1/tenants/" + tenant + "/counts").then()
                .statusCode(421);
        put(tenant, "circle").then().statusCode(201);
        internal().get("/internal/v1/tenants/" + tenant + "/counts").then().statusCode(200)
                .body("counts.circle", equalTo(1)).body("counts.rhombus", equalTo(0));
    }
}
