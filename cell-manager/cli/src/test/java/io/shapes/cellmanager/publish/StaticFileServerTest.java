package io.shapes.cellmanager.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.control.SplitsInFlight;
import io.shapes.snapshot.Checksums;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationDirectory;

/**
 * The publication's file server as an attacker sees it: only the manifest, segments and metrics, only GET and HEAD.
 */
class StaticFileServerTest {
    @TempDir
    static Path dir;
    private static StaticFileServer server;
    private static String segment;
    private static final PublisherMetrics METRICS = new PublisherMetrics();

    @BeforeAll
    static void start() throws IOException {
        byte[] bytes = "a segment".getBytes(StandardCharsets.UTF_8);
        segment = Checksums.sha256Hex(bytes);
        PublicationDirectory publication = new PublicationDirectory(dir.resolve("publication"), true);
        publication.writeSegment(segment, bytes);
        Files.writeString(dir.resolve("publication").resolve(Manifest.FILE), "{}");
        Files.writeString(dir.resolve("secret.txt"), "not published");
        server = StaticFileServer.start(new InetSocketAddress("127.0.0.1", 0), publication, METRICS::scrape);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theManifestAndSegmentsAreServedAndAnUnchangedManifestIsA304() throws IOException {
        String manifest = request("GET /manifest.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("200", status(manifest));
        String etag = manifest.lines().filter(l -> l.toLowerCase().startsWith("etag:")).findFirst().orElseThrow()
                .substring(5).trim();
        assertEquals("304", status(request("GET /manifest.json HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag
                + "\r\nConnection: close\r\n\r\n")));
        assertEquals("200", status(request("GET /segments/" + segment + " HTTP/1.1\r\nHost: x\r\nConnection: close"
                + "\r\n\r\n")));
    }

    @Test
    void theMetricsSayWhetherTheControlStoreAnswersAndHowLongTheOldestSplitPhaseLasts() throws IOException {
        METRICS.answered(null, new SplitsInFlight(2, 754.5));
        String answered = request("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("200", status(answered));
        assertTrue(answered.toLowerCase().contains("content-type: text/plain; version=0.0.4"), answered);
        assertTrue(answered.contains("\nshapes_control_store_up 1.0\n"), answered);
        assertTrue(answered.contains("\nshapes_splits_running 2.0\n"), answered);
        assertTrue(answered.contains("\nshapes_split_longest_in_phase_seconds 754.5\n"), answered);
        METRICS.failed();
        String failed = request("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(failed.contains("\nshapes_control_store_up 0.0\n"), failed);
        assertTrue(failed.contains("\nshapes_publisher_looks_failed_total 1.0\n"), failed);
        assertEquals("405", status(request("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n")));
    }

    @Test
    void noOtherPathSpellingOrMethodReachesAFile() throws IOException {
        for (String path : List.of("/", "/secret.txt", "/../secret.txt", "/segments/../manifest.json",
                "/segments/../../secret.txt", "/%6danifest.json", "/manifest.json;x", "/manifest.json/",
                "//manifest.json", "/segments/" + segment + "/", "/segments/" + segment.toUpperCase(),
                "/segments/" + segment.substring(1), "/segments/%2e%2e/manifest.json", "/segments",
                "/segments/", "/MANIFEST.JSON", "/manifest.json%00", "/" + "a".repeat(4000))) {
            assertEquals("404", status(request("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
                    path);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            assertEquals("405", status(request(method + " /manifest.json HTTP/1.1\r\nHost: x\r\nContent-Length: 3"
                    + "\r\nConnection: close\r\n\r\nabc")), method);
        }
        assertEquals("404", status(request("GET /secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    }

    private static String status(String response) {
        String[] first = response.split("\r\n", 2)[0].split(" ");
        return first.length > 1 ? first[1] : response;
    }

    private static String request(String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
