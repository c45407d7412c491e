package io.shapes.cellmanager.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's HTTP face as an attacker sees it: the data only with the admin token, GET only, no other path. */
class ConsoleServerTest {
    private static final String TOKEN = "a-console-admin-token-of-32-chars!";
    private static final AtomicInteger LOOKS = new AtomicInteger();
    private static ConsoleServer server;

    @BeforeAll
    static void start() throws IOException {
        server = ConsoleServer.start(new InetSocketAddress("127.0.0.1", 0), TOKEN, () -> {
            LOOKS.incrementAndGet();
            return Map.of("cells", List.of());
        }, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thePageIsServedWithItsRefreshAndALockedDownPolicy() throws IOException {
        String page = get("/", null);
        assertEquals("200", status(page));
        assertTrue(page.contains("data-refresh-seconds=\"2\"") && page.contains("line at 45 %"), page);
        assertTrue(page.toLowerCase().contains("content-security-policy: default-src 'self'"), page);
        assertEquals("200", status(get("/console.js", null)));
        assertEquals("200", status(get("/console.css", null)));
        assertEquals("200", status(get("/favicon.svg", null)));
    }

    @Test
    void theDataNeedsTheAdminTokenAndOneLookServesTheCallersOfASecond() throws IOException {
        for (String authorization : new String[] {null, "Bearer ", "Bearer wrong", "Basic " + TOKEN,
                "Bearer " + TOKEN + "x", "bearer " + TOKEN, "Bearer " + TOKEN.substring(1)}) {
            String answer = get("/api/overview", authorization);
            assertEquals("401", status(answer), String.valueOf(authorization));
            assertTrue(answer.contains("application/problem+json") && answer.contains("\"code\":\"unauthenticated\""),
                    answer);
        }
        assertEquals(0, LOOKS.get(), "nothing is looked at for a caller without the token");
        String data = get("/api/overview", "Bearer " + TOKEN);
        assertEquals("200", status(data));
        assertTrue(data.contains("{\"cells\":[]}") && data.toLowerCase().contains("cache-control: no-store"), data);
        get("/api/overview", "Bearer " + TOKEN);
        assertEquals(1, LOOKS.get(), "two calls within a second share one look");
    }

    @Test
    void noOtherPathOrMethod() throws IOException {
        for (String path : List.of("/index.html", "/api", "/api/overview/", "/api/overview;x", "/%2e%2e/etc/passwd",
                "/console/index.html", "//api/overview", "/" + "a".repeat(3000))) {
            assertEquals("404", status(get(path, "Bearer " + TOKEN)), path);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            String answer = request(method + " /api/overview HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertEquals("405", status(answer), method);
        }
    }

    private static String get(String path, String authorization) throws IOException {
        return request("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + (authorization == null ? ""
                : "Authorization: " + authorization + "\r\n") + "Connection: close\r\n\r\n");
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
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
