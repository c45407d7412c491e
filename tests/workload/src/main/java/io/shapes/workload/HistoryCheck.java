package io.shapes.workload;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.shapes.core.Json;

/**
 * The checks on a write history, read back through a router (Jepsen's "set" and "counter" checks): every
 * acknowledged put is readable with its type and its id is unique; each tenant's count lies between its
 * acknowledged and its attempted puts.
 */
public final class HistoryCheck {
    private static final int PARALLEL_READS = 8;
    private static final int READ_TRIES = 5;
    private static final long RETRY_PAUSE_MS = 500;
    private final HttpClient http = ApiClients.newHttpClient();
    private final URI router;
    private final Map<String, String> keys;

    public HistoryCheck(URI router, Map<String, String> keys) {
        this.router = router;
        this.keys = Map.copyOf(keys);
    }

    /** What the history's checks found; {@link #holds()} when nothing was lost, duplicated or miscounted. */
    public record Verdict(long attempted, long acknowledged, List<String> lost, List<String> duplicated,
            List<String> miscounted) {
        public boolean holds() {
            return lost.isEmpty() && duplicated.isEmpty() && miscounted.isEmpty();
        }

        public String summary() {
            return String.format("%d attempted, %d acknowledged; lost %d%s; duplicated ids %d%s; counts outside"
                    + " [acknowledged, attempted] %d%s", attempted, acknowledged, lost.size(), first(lost),
                    duplicated.size(), first(duplicated), miscounted.size(), first(miscounted));
        }

        private static String first(List<String> violations) {
            return violations.isEmpty() ? "" : " (e.g. " + violations.get(0) + ")";
        }
    }

    public Verdict check(Collection<Attempt> history) {
        return check(history, attempt -> true);
    }

    /**
     * Like {@link #check(Collection)}, reading back only the acknowledged puts that {@code readBack} selects (a long
     * run's sample); the duplicate and counter checks still cover the whole history.
     */
    public Verdict check(Collection<Attempt> history, java.util.function.Predicate<Attempt> readBack) {
        Set<String> ids = new HashSet<>();
        List<String> duplicated = new ArrayList<>();
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        Map<String, Long> attempted = new LinkedHashMap<>();
        List<Attempt> toRead = new ArrayList<>();
        for (Attempt attempt : history) {
            attempted.merge(attempt.tenant(), 1L, Long::sum);
            if (attempt.acknowledged()) {
                acknowledged.merge(attempt.tenant(), 1L, Long::sum);
                if (!ids.add(attempt.id())) {
                    duplicated.add("id " + attempt.id() + " acknowledged twice");
                }
                if (readBack.test(attempt)) {
                    toRead.add(attempt);
                }
            }
        }
        List<String> lost = readAll(toRead);
        List<String> miscounted = new ArrayList<>();
        for (String tenant : keys.keySet()) {
            long total = count(tenant);
            long acked = acknowledged.getOrDefault(tenant, 0L);
            long tried = attempted.getOrDefault(tenant, 0L);
            if (total < acked || total > tried) {
                miscounted.add("count of " + tenant + " is " + total + ", outside [acknowledged " + acked
                        + ", attempted " + tried + "]");
            }
        }
        long acknowledgedTotal = acknowledged.values().stream().mapToLong(Long::longValue).sum();
        return new Verdict(history.size(), acknowledgedTotal, lost, duplicated, miscounted);
    }

    /** Reads every acknowledged shape back, a few at a time; returns what is missing or has another type. */
    private List<String> readAll(List<Attempt> acknowledged) {
        ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
        Semaphore slots = new Semaphore(PARALLEL_READS);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (Attempt put : acknowledged) {
            slots.acquireUninterruptibly();
            reads.add(readBack(put, READ_TRIES).thenAccept(problem -> {
                slots.release();
                if (problem != null) {
                    lost.add(put.id() + " of " + put.tenant() + ": " + problem);
                }
            }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(lost);
    }

    /**
     * Reads one acknowledged shape: null if it is there with its type, else what was found. A read the system could
     * not answer (5xx, no connection) is no proof of a loss: it is tried again, a few times, before it counts.
     */
    private CompletableFuture<String> readBack(Attempt put, int tries) {
        return http.sendAsync(get("/v1/tenants/" + put.tenant() + "/shapes/" + put.id(), put.tenant()),
                HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                    if (failure == null && response.statusCode() == 200) {
                        return put.type().equals(typeIn(response.body())) ? null
                                : "stored as another type: " + response.body();
                    }
                    if (failure == null && response.statusCode() < 500) {
                        return response.statusCode() + " " + response.body();
                    }
                    return "unreadable after " + READ_TRIES + " tries (" + (failure != null ? failure
                            : response.statusCode() + " " + response.body()) + ")";
                }).thenCompose(problem -> problem != null && problem.startsWith("unreadable") && tries > 1
                        ? CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(RETRY_PAUSE_MS,
                                TimeUnit.MILLISECONDS)).thenCompose(ignored -> readBack(put, tries - 1))
                        : CompletableFuture.completedFuture(problem));
    }

    private static String typeIn(String shape) {
        try {
            return Json.MAPPER.readTree(shape).path("type").asText();
        } catch (java.io.IOException e) {
            return "unreadable JSON";
        }
    }

    private long count(String tenant) {
        try {
            HttpResponse<String> response = http.send(get("/v1/tenants/" + tenant + "/counts", tenant),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("count of " + tenant + " answered " + response.statusCode() + " "
                        + response.body());
            }
            return Json.MAPPER.readTree(response.body()).get("total").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("count of " + tenant + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest get(String path, String tenant) {
        return HttpRequest.newBuilder(router.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + keys.get(tenant)).build();
    }
}
