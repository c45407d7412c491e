package io.shapes.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The set and counter checks on made-up histories, read back from a made-up router (a JDK HTTP server holding what
 * the test says the system stored): every way a history can be wrong must fail the check.
 */
class HistoryCheckTest {
    private static final Map<String, String> KEYS = Map.of("acme", "key-acme");
    /** id → type: what the made-up router serves. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final AtomicInteger unavailableReads = new AtomicInteger();
    private volatile long count;
    private HttpServer router;

    @BeforeEach
    void startRouter() throws IOException {
        router = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        router.createContext("/v1/tenants/acme/", this::answer);
        router.start();
    }

    @AfterEach
    void stopRouter() {
        router.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"Bearer key-acme".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{}");
        } else if (path.endsWith("/counts")) {
            send(exchange, 200, "{\"total\":" + count + "}");
        } else if (unavailableReads.getAndDecrement() > 0) {
            send(exchange, 503, "{\"code\":\"cell-unavailable\"}");
        } else {
            String id = path.substring(path.lastIndexOf('/') + 1);
            String type = stored.get(id);
            send(exchange, type == null ? 404 : 200, type == null ? "{\"code\":\"not-found\"}"
                    : "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private HistoryCheck.Verdict check(List<Attempt> history) {
        return new HistoryCheck(URI.create("http://127.0.0.1:" + router.getAddress().getPort()), KEYS).check(history);
    }

    private static Attempt acked(String id, String type) {
        return new Attempt(0, 5, "acme", type, 201, false, id, null);
    }

    private static Attempt failed() {
        return new Attempt(0, 1000, "acme", "circle", 503, true, null, "cell-unavailable");
    }

    /** Three acknowledged puts and one failed, all stored as acknowledged: the baseline every case breaks. */
    private List<Attempt> history() {
        List<Attempt> history = new ArrayList<>(List.of(acked("a", "circle"), acked("b", "square"),
                acked("c", "circle"), failed()));
        stored.put("a", "circle");
        stored.put("b", "square");
        stored.put("c", "circle");
        count = 3;
        return history;
    }

    @Test
    void aHistoryTheSystemKeptHolds() {
        HistoryCheck.Verdict verdict = check(history());
        assertTrue(verdict.holds(), verdict.summary());
        assertEquals(4, verdict.attempted());
        assertEquals(3, verdict.acknowledged());
    }

    @Test
    void aFailedPutThatWasStoredAnywayIsWithinTheCount() {
        List<Attempt> history = history();
        count = 4;
        assertTrue(check(history).holds(), "a failed put may have happened: count 4 of 4 attempted");
    }

    @Test
    void anAcknowledgedPutThatIsGoneIsLost() {
        List<Attempt> history = history();
        stored.remove("b");
        HistoryCheck.Verdict verdict = check(history);
        assertFalse(verdict.holds());
        assertEquals(1, verdict.lost().size(), verdict.summary());
        assertTrue(verdict.lost().get(0).startsWith("b of acme: 404"), verdict.lost().get(0));
    }

    @Test
    void anAcknowledgedPutStoredAsAnotherTypeIsLost() {
        List<Attempt> history = history();
        stored.put("c", "triangle");
        HistoryCheck.Verdict verdict = check(history);
        assertFalse(verdict.holds());
        assertTrue(verdict.lost().get(0).contains("another type"), verdict.summary());
    }

    @Test
    void anIdAcknowledgedTwiceIsADuplicate() {
        List<Attempt> history = history();
        history.add(acked("a", "circle"));
        count = 4;
        HistoryCheck.Verdict verdict = check(history);
        assertFalse(verdict.holds());
        assertEquals(List.of("id a acknowledged twice"), verdict.duplicated());
    }

    @Test
    void aCountBelowTheAcknowledgedOrAboveTheAttemptedIsMiscounted() {
        List<Attempt> history = history();
        count = 2;
        assertFalse(check(history).holds(), "2 < 3 acknowledged");
        count = 5;
        HistoryCheck.Verdict verdict = check(history);
        assertFalse(verdict.holds(), "5 > 4 attempted");
        assertEquals(1, verdict.miscounted().size());
    }

    @Test
    void aReadTheSystemCouldNotAnswerIsTriedAgainAndIsNoLoss() {
        List<Attempt> history = history();
        unavailableReads.set(2);
        assertTrue(check(history).holds(), "two 503s, then every read answers");
    }
}
