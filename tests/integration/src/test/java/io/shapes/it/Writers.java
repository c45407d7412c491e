package io.shapes.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.shapes.core.Json;

/**
 * Concurrent clients putting shapes through a router for many tenants, keeping a history: what was attempted and
 * what was acknowledged (with id and type), per tenant. The checks: every acknowledged put is readable with its
 * type, and each tenant's count lies between its acknowledged and its attempted puts.
 */
final class Writers implements AutoCloseable {
    private static final String[] TYPES = {"triangle", "circle", "rhombus", "square"};
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI router;
    private final Map<String, String> keys;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    final Map<String, AtomicLong> attempted = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String[]> acknowledged = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    /** {@code clients} threads, each putting at most {@code perClientRate} shapes a second. */
    Writers(URI router, Map<String, String> keys, int clients, int perClientRate) {
        this.router = router;
        this.keys = keys;
        List<String> tenants = List.copyOf(keys.keySet());
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                long interval = 1_000_000_000L / perClientRate;
                long next = System.nanoTime();
                while (running.get()) {
                    put(tenants.get(ThreadLocalRandom.current().nextInt(tenants.size())));
                    next += interval;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }, "writer-" + i);
            thread.start();
            threads.add(thread);
        }
    }

    private void put(String tenant) {
        String type = TYPES[ThreadLocalRandom.current().nextInt(TYPES.length)];
        attempted.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(router.resolve("/v1/tenants/" + tenant
                    + "/shapes")).timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + keys.get(tenant))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                String id = Json.MAPPER.readTree(response.body()).get("id").asText();
                acknowledged.add(new String[] {tenant, id, type});
            } else {
                errors.add(response.statusCode() + " " + response.body());
            }
        } catch (Exception e) {
            errors.add(e.toString());
        }
    }

    long acknowledgedOf(String tenant) {
        return acknowledged.stream().filter(a -> a[0].equals(tenant)).count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }
}
