package io.shapes.cell;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.shapes.cell.data.PipelinedReads;
import io.shapes.cell.service.WarmUp;

@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class WarmUpTest {
    /** Requests the server answered, by path: whatever the answer, the path ran. */
    private static final Pattern ANSWERED = Pattern.compile(
            "http_server_requests_seconds_count\\{[^}]*uri=\"(/internal/v1/(?:tenants|ranges|ownership)/[^\"]+)\"[^}]*} ([0-9.]+)");

    @Test
    void aCellIsReadyWarmWithEveryConnectionOpenAndNothingWritten() throws Exception {
        CellApi.awaitReady();
        CellApi.management().get("/q/health/ready").then().body(containsString("\"warm-up\""));

        assertTrue(CellDatabase.number("select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and application_name <> '" + PipelinedReads.APPLICATION_NAME + "'")
                >= 24, "every connection of the pool (24) is open");
        assertEquals(4, CellDatabase.readConnections(), "every connection of getShape's pipelined reads (4) is open");
        assertEquals(0, CellDatabase.number("select count(*) from shapes where tenant = 'shapes-warm-up'"));
        assertEquals(0, CellDatabase.number("select count(*) from shape_counts where tenant = 'shapes-warm-up'"));
        Map<String, Double> answered = new HashMap<>();
        Matcher line = ANSWERED.matcher(CellApi.management().get("/q/metrics").asString());
        while (line.find()) {
            answered.merge(line.group(1), Double.parseDouble(line.group(2)), Double::sum);
        }
        for (String path : List.of("/internal/v1/tenants/{tenant}/counts",
                "/internal/v1/tenants/{tenant}/shapes/{id}", "/internal/v1/tenants/{tenant}/shapes")) {
            assertTrue(answered.getOrDefault(path, 0.0) >= WarmUp.HTTP_REQUESTS / 3, path + " ran: " + answered);
        }
        for (String path : List.of("/internal/v1/ranges/{range}/take", "/internal/v1/ranges/{range}/changes",
                "/internal/v1/ranges/{range}/digest", "/internal/v1/ownership/{range}")) {
            assertTrue(answered.getOrDefault(path, 0.0) >= WarmUp.MIGRATION_REQUESTS, path + " ran: " + answered);
        }
    }
}
