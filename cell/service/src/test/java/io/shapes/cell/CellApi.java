package io.shapes.cell;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** REST Assured calls against the cell's internal API, with the admin token (cell-manager's) unless said. */
public final class CellApi {
    /** The admin token of the test profile (application.properties). */
    public static final String TOKEN = "test-cell-admin-token-0123456789abcdef";
    /** The data-plane token of the test profile: what a router presents. */
    public static final String DATA_TOKEN = "test-cell-data-token-0123456789abcdef";

    private CellApi() {
    }

    public static RequestSpecification internal() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** As a router calls: with the data-plane token. */
    public static RequestSpecification dataPlane() {
        return given().header("Authorization", "Bearer " + DATA_TOKEN);
    }

    /** The management interface of the cell under test: health and metrics, apart from the service port. */
    public static RequestSpecification management() {
        return given().port(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class));
    }

    /** Waits until the cell under test is ready: its warm-up, which takes some of its in-flight slots, is over. */
    public static void awaitReady() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> management().get("/q/health/ready").statusCode() == 200);
    }

    public static Response put(String tenant, String type) {
        return internal().contentType(ContentType.JSON).body("{\"type\":\"" + type + "\"}")
                .post("/internal/v1/tenants/" + tenant + "/shapes");
    }

    public static Response putWithKey(String tenant, String type, String key) {
        return internal().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"type\":\"" + type + "\"}").post("/internal/v1/tenants/" + tenant + "/shapes");
    }

    public static long count(String tenant, String type) {
        return internal().queryParam("type", type).get("/internal/v1/tenants/" + tenant + "/counts")
                .then().statusCode(200).extract().jsonPath().getLong("count");
    }

    /** Sets a bucket range's state, as the cell-manager does. */
    public static Response own(String range, String state) {
        return internal().contentType(ContentType.JSON).body("{\"state\":\"" + state + "\",\"mapVersion\":1}")
                .put("/internal/v1/ownership/" + range);
    }

    /** Gives the cell every bucket (legal from any state). */
    public static void ownEverything() {
        own("0-16384", "OWNED").then().statusCode(200);
    }

    public static String uniqueTenant(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }
}
