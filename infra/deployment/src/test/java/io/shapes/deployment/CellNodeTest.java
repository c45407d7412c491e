package io.shapes.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.core.Scheme;

class CellNodeTest {
    private static final CellTokens TOKENS = CellTokens.random();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    @Test
    void aPackagedCellServesAndKeepsItsDataAcrossAKill() throws Exception {
        CellNode.Spec spec = new CellNode.Spec("cell-a", Scheme.TENANT, 1000, 64, TOKENS, List.of("-Xmx256m"));
        String id;
        try (CellNode cell = CellNode.start(spec, dir)) {
            assertEquals(200, send(cell.url(), "PUT", "/internal/v1/ownership/0-16384",
                    "{\"state\":\"OWNED\",\"mapVersion\":1}").statusCode());
            HttpResponse<String> put = send(cell.url(), "POST", "/internal/v1/tenants/acme/shapes", "{\"type\":\"circle\"}");
            assertEquals(201, put.statusCode(), put.body());
            id = put.body().replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
            String commandLine = java.nio.file.Files.readString(Path.of("/proc/" + cell.service().pid() + "/cmdline"));
            assertFalse(commandLine.contains(TOKENS.adminToken()) || commandLine.contains(TOKENS.dataToken()),
                    "no token on the cell's command line: " + commandLine.replace('\0', ' '));
            cell.service().kill();
            assertFalse(cell.service().isAlive(), "SIGKILL ends the cell");
        }
        try (CellNode again = CellNode.start(spec, dir)) {
            HttpResponse<String> get = send(again.url(), "GET", "/internal/v1/tenants/acme/shapes/" + id, null);
            assertEquals(200, get.statusCode(), "an acknowledged put survives a killed cell: " + get.body());
            assertTrue(get.body().contains("circle"), get.body());
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKENS.adminToken());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
