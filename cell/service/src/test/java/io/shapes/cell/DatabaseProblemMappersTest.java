package io.shapes.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.shapes.cell.web.DatabaseProblemMappers;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;

/** What a database failure becomes for the router: which are the cell's own failures, which a refused write. */
class DatabaseProblemMappersTest {
    private final DatabaseProblemMappers mappers = new DatabaseProblemMappers();

    private static String code(Response response) {
        return io.shapes.core.Json.MAPPER.convertValue(response.getEntity() instanceof String body
                ? readTree(body) : response.getEntity(), com.fasterxml.jackson.databind.JsonNode.class)
                .get("code").asText();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String body) {
        try {
            return io.shapes.core.Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(body, e);
        }
    }

    @Test
    void aDatabaseOutOfDiskSpaceRefusesTheWriteAsCellFull() {
        Response response = mappers.database(new PgException("could not extend file \"base/16384/16390\": No space"
                + " left on device", "ERROR", "53100", null));
        assertEquals(507, response.getStatus());
        assertEquals("cell-full", code(response));
        assertTrue(response.getHeaderString("Retry-After") != null, "the client may try again");
    }

    @Test
    void anUnreachableDatabaseIsTheCellUnavailable() {
        assertEquals(503, mappers.database(new ConnectException("Connection refused")).getStatus());
        Response shutdown = mappers.database(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null));
        assertEquals(503, shutdown.getStatus());
        assertEquals("cell-unavailable", code(shutdown));
    }

    @Test
    void anyOtherDatabaseErrorIsAGenericFailureWithoutItsText() {
        Response response = mappers.database(new PgException("syntax error at or near \"selec\"", "ERROR", "42601",
                null));
        assertEquals(500, response.getStatus());
        assertEquals("internal", code(response));
        assertTrue(!String.valueOf(response.getEntity()).contains("selec"), "no SQL reaches a client");
    }
}
