package io.shapes.cell;

import static io.shapes.cell.CellApi.dataPlane;
import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.own;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.shapes.cell.web.ShapeReadsResource;
import io.shapes.core.Buckets;
import io.shapes.core.Json;
import io.shapes.core.ShapeId;

/** {@code POST /internal/v1/shape-reads}: each read answered as it would be alone, in order; hostile calls refused. */
@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class ShapeReadsApiTest {
    private static final String PATH = "/internal/v1/shape-reads";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @BeforeEach
    void ownEverything() {
        CellApi.ownEverything();
    }

    @Test
    void eachReadGetsTheStatusAndBodyItWouldGetAloneInOrder() throws Exception {
        String tenant = uniqueTenant("batch");
        String first = put(tenant, "circle").jsonPath().getString("id");
        String second = put(tenant, "square").jsonPath().getString("id");
        List<List<String>> reads = List.of(List.of(tenant, first), List.of(uniqueTenant("thief"), first),
                List.of(tenant, second), List.of(tenant, "not-an-id"), List.of("Not_A_Tenant", first),
                List.of(tenant, ShapeId.of(Buckets.of(tenant), 42).toString()), List.of(tenant, first));
        List<JsonNode> lines = lines(dataPlane().contentType(ContentType.JSON).body(body(reads, TRACE)).post(PATH)
                .then().statusCode(200).contentType(ShapeReadsResource.NDJSON).extract().asString());
        assertEquals(reads.size(), lines.size(), "one line per read");
        for (int i = 0; i < reads.size(); i++) {
            Response alone = dataPlane().get("/internal/v1/tenants/" + reads.get(i).get(0) + "/shapes/"
                    + reads.get(i).get(1));
            JsonNode line = lines.get(i);
            assertEquals(alone.statusCode(), line.get("status").asInt(), "read " + i + ": " + line);
            assertEquals(withoutTraceId(Json.MAPPER.readTree(alone.asString())), withoutTraceId(line.get("body")),
                    "read " + i);
            if (alone.statusCode() != 200) {
                assertEquals(TRACE, line.get("body").get("traceId").asText(), "a problem carries its read's trace id");
            }
        }
        assertEquals(List.of(200, 404, 200, 404, 400, 404, 200),
                lines.stream().map(line -> line.get("status").asInt()).toList());
    }

    @Test
    void aFullCallOfSeveralTenantsShapesIsAnsweredReadByReadInOrder() throws Exception {
        List<List<String>> reads = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (String tenant : List.of(uniqueTenant("full-a"), uniqueTenant("full-b"))) {
            for (int i = 0; i < 16; i++) {
                String type = i % 2 == 0 ? "circle" : "triangle";
                reads.add(List.of(tenant, put(tenant, type).jsonPath().getString("id")));
                types.add(type);
            }
        }
        List<List<String>> all = new ArrayList<>(reads);
        List<String> allTypes = new ArrayList<>(types);
        Collections.reverse(reads);
        Collections.reverse(types);
        all.addAll(reads);
        allTypes.addAll(types);
        List<JsonNode> lines = lines(dataPlane().contentType(ContentType.JSON).body(body(all, TRACE)).post(PATH)
                .then().statusCode(200).extract().asString());
        assertEquals(64, lines.size());
        for (int i = 0; i < 64; i++) {
            JsonNode shape = lines.get(i).get("body");
            assertEquals(200, lines.get(i).get("status").asInt(), "read " + i + ": " + lines.get(i));
            assertEquals(all.get(i), List.of(shape.get("tenant").asText(), shape.get("id").asText()), "read " + i);
            assertEquals(allTypes.get(i), shape.get("type").asText(), "read " + i);
        }
    }

    @Test
    void aReadOfABucketTheCellDoesNotServeIsMisdirectedAsAlone() throws Exception {
        String tenant = uniqueTenant("moved");
        String id = put(tenant, "circle").jsonPath().getString("id");
        int bucket = Buckets.of(tenant);
        own(bucket + "-" + (bucket + 1), "FENCED").then().statusCode(200);
        own(bucket + "-" + (bucket + 1), "NONE").then().statusCode(200);
        List<JsonNode> lines = lines(dataPlane().contentType(ContentType.JSON)
                .body(body(List.of(List.of(tenant, id), List.of(tenant, id)), null)).post(PATH).then().statusCode(200)
                .extract().asString());
        dataPlane().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(421);
        for (JsonNode line : lines) {
            assertEquals(421, line.get("status").asInt(), line.toString());
            assertEquals("misdirected", line.get("body").get("code").asText(), line.toString());
        }
    }

    @Test
    void hostileCallsAreRefusedAsProblemsAndReadNothing() {
        String tenant = uniqueTenant("hostile");
        String id = put(tenant, "circle").jsonPath().getString("id");
        String one = body(List.of(List.of(tenant, id)), null);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(one).post(PATH).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthenticated"));
        dataPlane().get(PATH).then().statusCode(405).contentType("application/problem+json");
        dataPlane().contentType(ContentType.TEXT).body(one).post(PATH).then().statusCode(415)
                .contentType("application/problem+json");
        Map<String, String> invalid = Map.of(
                "not JSON", "{\"reads\":[",
                "no reads", "{}",
                "an empty list", "{\"reads\":[]}",
                "a null read", "{\"reads\":[null]}",
                "reads that are not a list", "{\"reads\":\"all\"}",
                "an unknown field", "{\"reads\":[{\"tenant\":\"" + tenant + "\",\"id\":\"" + id + "\",\"x\":1}]}",
                "a trace id that is not one", body(List.of(List.of(tenant, id)), "\\u0000<script>"),
                "65 reads", body(Collections.nCopies(65, List.of(tenant, id)), null),
                "deep nesting", "{\"reads\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        invalid.forEach((what, body) -> dataPlane().contentType(ContentType.JSON).body(body).post(PATH).then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-request")));
        dataPlane().contentType(ContentType.JSON).body("{\"reads\":[\"" + "x".repeat(40_000) + "\"]}").post(PATH)
                .then().statusCode(413).contentType("application/problem+json");
        internal().get("/internal/v1/tenants/" + tenant + "/shapes/" + id).then().statusCode(200);
    }

    static String body(List<List<String>> reads, String traceId) {
        List<String> items = new ArrayList<>();
        for (List<String> read : reads) {
            items.add("{\"tenant\":" + Json.write(read.get(0)) + ",\"id\":" + Json.write(read.get(1))
                    + (traceId == null ? "" : ",\"traceId\":\"" + traceId + "\"") + "}");
        }
        return "{\"reads\":[" + String.join(",", items) + "]}";
    }

    private static List<JsonNode> lines(String ndjson) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    private static JsonNode withoutTraceId(JsonNode body) {
        if (body instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.remove("traceId");
            return copy;
        }
        return body;
    }
}
