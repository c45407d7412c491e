package io.shapes.workload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.shapes.core.Json;

/**
 * Clients putting shapes through routers for many tenants, keeping a history of every attempt. Each client is an
 * open-loop stream: it starts a put every 1/rate seconds whether or not the earlier ones have been answered, and an
 * attempt's latency counts from when it was due, not from when a busy client got round to it. So a slow cell cannot
 * slow the load down and hide its own cost (coordinated omission): bystanders see the same arrival rate during a
 * fault as before it. Clients take turns over the routers given, so a router that dies fails only its share.
 */
public final class Writers implements AutoCloseable {
    /** The types the writers put, each as often. */
    public static final List<String> TYPES = List.of("triangle", "circle", "rhombus", "square");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = ApiClients.newHttpClient();
    private final List<URI> routers;
    private final Map<String, String> keys;
    private final List<String> tenants;
    private final List<Thread> threads = new ArrayList<>();
    /** Where the puts run, as many at a time as are due: the streams never wait for an answer. */
    private final ExecutorService requests = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "writer-request");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Attempt> history = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final long started = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final boolean keyed;

    /** {@code clients} open-loop streams, each starting {@code perClientRate} puts a second through one router. */
    public Writers(List<URI> routers, Map<String, String> keys, int clients, double perClientRate) {
        this(routers, keys, clients, perClientRate, true);
    }

    /**
     * Like the constructor, but puts carry no Idempotency-Key, so that a router may fail a put over to another cell
     * of the tenant's placement; a put is then not retried on another router either.
     */
    public static Writers unkeyed(List<URI> routers, Map<String, String> keys, int clients, double perClientRate) {
        return new Writers(routers, keys, clients, perClientRate, false);
    }

    private Writers(List<URI> routers, Map<String, String> keys, int clients, double perClientRate, boolean keyed) {
        this.keyed = keyed;
        this.routers = List.copyOf(routers);
        this.keys = Map.copyOf(keys);
        this.tenants = List.copyOf(keys.keySet());
        for (int i = 0; i < clients; i++) {
            URI router = this.routers.get(i % this.routers.size());
            Thread thread = new Thread(() -> write(router, (long) (1_000_000_000L / perClientRate)), "writer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    public Writers(URI router, Map<String, String> keys, int clients, double perClientRate) {
        this(List.of(router), keys, clients, perClientRate);
    }

    private void write(URI router, long intervalNanos) {
        long due = System.nanoTime() + ThreadLocalRandom.current().nextLong(intervalNanos); // streams out of step
        while (running.get()) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            long start = due;
            String tenant = tenants.get(ThreadLocalRandom.current().nextInt(tenants.size()));
            requests.execute(() -> put(router, tenant, start));
            due += intervalNanos;
        }
    }

    /** One put, due at {@code start} (System.nanoTime): its latency counts from then. */
    private void put(URI router, String tenant, long start) {
        String type = TYPES.get(ThreadLocalRandom.current().nextInt(TYPES.size()));
        long startMs = (start - started) / 1_000_000;
        try {
            HttpResponse<String> response = send(router, tenant, type);
            double latency = (System.nanoTime() - start) / 1e6;
            boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
            String cell = response.headers().firstValue("X-Shapes-Cell").orElse(null);
            if (response.statusCode() == 201) {
                String id = Json.MAPPER.readTree(response.body()).get("id").asText();
                history.add(new Attempt(startMs, latency, tenant, type, 201, retryAfter, id, null, cell));
                acknowledged.incrementAndGet();
            } else {
                history.add(new Attempt(startMs, latency, tenant, type, response.statusCode(), retryAfter, null,
                        response.body(), cell));
            }
        } catch (Exception e) {
            history.add(new Attempt(startMs, (System.nanoTime() - start) / 1e6, tenant, type, 0, false, null,
                    e.toString()));
        }
    }

    /**
     * Sends the put to {@code router}. A router that cannot be reached or drops the connection is skipped for the
     * next one, as a client behind a load balancer sees it; the same Idempotency-Key makes the retry safe when the
     * first router had stored the shape before it died. A timeout is not retried: it is what the client saw.
     */
    private HttpResponse<String> send(URI router, String tenant, String type) throws Exception {
        int first = routers.indexOf(router);
        String idempotencyKey = UUID.randomUUID().toString();
        IOException failure = null;
        for (int i = 0; i < (keyed ? routers.size() : 1); i++) {
            URI target = routers.get((first + i) % routers.size());
            try {
                HttpRequest.Builder request = ShapeRequests.put(target, tenant, type, keys.get(tenant))
                        .timeout(TIMEOUT);
                if (keyed) {
                    request.header("Idempotency-Key", idempotencyKey);
                }
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** Every attempt so far, in the order they finished. */
    public List<Attempt> history() {
        return List.copyOf(history);
    }

    public int acknowledgedCount() {
        return acknowledged.get();
    }

    /** Waits until {@code count} puts are acknowledged in all; fails after {@code timeout}. */
    public void awaitAcknowledged(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + acknowledged.get() + " of " + count
                        + " puts acknowledged within " + timeout.toSeconds() + " s; last attempts: " + tail(5));
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private List<Attempt> tail(int n) {
        List<Attempt> all = history();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Milliseconds since these writers started, on the clock of {@link Attempt#startMs()}. */
    public long elapsedMs() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The wall-clock time at which {@link #elapsedMs()} was 0. */
    public Instant startedAt() {
        return startedAt;
    }

    public Map<String, String> keys() {
        return keys;
    }

    /** Stops the streams and waits for the puts under way (each gives up after the client timeout). */
    @Override
    public void close() {
        running.set(false);
        try {
            for (Thread thread : threads) {
                thread.join(TIMEOUT.toMillis() * 2);
            }
            requests.shutdown();
            requests.awaitTermination(TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
