package io.shapes.cellclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.type.TypeReference;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.DeleteResult;
import io.shapes.core.cellapi.FencedRange;
import io.shapes.core.cellapi.ImportBatch;
import io.shapes.core.cellapi.ImportResult;
import io.shapes.core.cellapi.OwnershipChange;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeDigest;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.RangeVerification;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.cellapi.ShapeRow;
import io.shapes.core.cellapi.StatisticsRefresh;
import io.shapes.core.cellapi.TakeRange;
import io.shapes.core.cellapi.TakenRange;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.core.cellapi.TenantTraffic;

/**
 * The calls the control plane makes to a cell's internal admin API: what it is and holds ({@code /info}), which
 * bucket ranges it holds in which state ({@code /ownership}), and the migration calls a split is made of (feed,
 * import, per-bucket sums, delete). Every call has a timeout; a cell that does not
 * answer, or answers with an error, fails the call with a {@link CellCallException} naming the cell.
 */
public final class CellAdminClient {
    private static final TypeReference<List<RangeOwnership>> RANGES = new TypeReference<>() {
    };
    private static final TypeReference<List<TenantTraffic>> TRAFFIC = new TypeReference<>() {
    };
    private static final TypeReference<List<TenantShapes>> TENANTS = new TypeReference<>() {
    };
    /** The time a call that reads every row of a range may take (callers keep ranges to a few thousand buckets). */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(5);
    private final HttpClient http;
    private final String authorization;
    private final Duration timeout;

    public CellAdminClient(String internalToken, Duration timeout) {
        // HTTP/1.1, and answers handled on the client's own I/O thread: no h2c upgrade, no hand-off to a pool thread per
        // answer (a split's write pause is a few calls in a row; each hand-off is a thread to wake on a busy machine)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
                .connectTimeout(timeout).build();
        this.authorization = "Bearer " + internalToken;
        this.timeout = timeout;
    }

    public CompletableFuture<CellInfo> info(URI cell) {
        return send(cell, request(cell, "/internal/v1/info").GET().build())
                .thenApply(body -> parse(cell, body, CellInfo.class));
    }

    public CompletableFuture<List<RangeOwnership>> ownership(URI cell) {
        return send(cell, request(cell, "/internal/v1/ownership").GET().build()).thenApply(body -> {
            try {
                return Json.MAPPER.readValue(body, RANGES);
            } catch (IOException e) {
                throw new CellCallException(cell, "answered with unreadable ownership: " + e.getMessage());
            }
        });
    }

    /** Moves {@code range} on {@code cell} to {@code state} as part of map {@code mapVersion}; waits for the answer. */
    public List<RangeOwnership> setOwnership(URI cell, BucketRange range, OwnershipState state, long mapVersion) {
        return join(cell, changeOwnership(cell, range, state, mapVersion));
    }

    /** {@link #setOwnership}, answered later: the caller may do other work while the cell changes. */
    public CompletableFuture<List<RangeOwnership>> changeOwnership(URI cell, BucketRange range, OwnershipState state,
            long mapVersion) {
        HttpRequest request = request(cell, "/internal/v1/ownership/" + range).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(new OwnershipChange(state, mapVersion)))).build();
        return send(cell, request).thenApply(body -> {
            try {
                return Json.MAPPER.readValue(body, RANGES);
            } catch (IOException e) {
                throw new CellCallException(cell, "answered with unreadable ownership: " + e.getMessage());
            }
        });
    }

    /** Rows of {@code range} with a change sequence above {@code after}, in sequence order (the migration feed). */
    public ChangePage changes(URI cell, BucketRange range, long after, int limit) {
        return parse(cell, join(cell, send(cell, request(cell, "/internal/v1/ranges/" + range + "/changes?after=" + after
                + "&limit=" + limit).GET().build())), ChangePage.class);
    }

    /**
     * Fences {@code range} (once the writes to it under way have finished) and reads, in the same call, its feed after
     * {@code after} (one page) and the digest of its kept sums.
     */
    public FencedRange fence(URI cell, BucketRange range, long mapVersion, long after, int limit) {
        return parse(cell, join(cell, send(cell, request(cell, "/internal/v1/ranges/" + range + "/fence?mapVersion="
                + mapVersion + "&after=" + after + "&limit=" + limit).POST(HttpRequest.BodyPublishers.noBody())
                .build())), FencedRange.class);
    }

    /** Imports rows into ranges the cell holds {@code INCOMING}; rows already there are skipped. */
    public ImportResult importRows(URI cell, List<ShapeRow> rows) {
        return importRows(cell, rows, "/internal/v1/import");
    }

    /** {@link #importRows(URI, List)}, answered with the digest of {@code digestOf}'s kept sums after the batch. */
    public ImportResult importRows(URI cell, List<ShapeRow> rows, BucketRange digestOf) {
        return importRows(cell, rows, "/internal/v1/import?digest=" + digestOf);
    }

    private ImportResult importRows(URI cell, List<ShapeRow> rows, String path) {
        HttpRequest request = request(cell, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(new ImportBatch(rows)))).build();
        return parse(cell, join(cell, send(cell, request)), ImportResult.class);
    }

    /**
     * Imports a split's last rows into {@code range} (held {@code INCOMING}) and, if the range's digest then equals
     * {@code expected}, owns it as part of map {@code mapVersion}; answers whether it did, with the digest.
     */
    public TakenRange take(URI cell, BucketRange range, long mapVersion, List<ShapeRow> rows, RangeDigest expected) {
        HttpRequest request = request(cell, "/internal/v1/ranges/" + range + "/take?mapVersion=" + mapVersion)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(new TakeRange(rows, expected)))).build();
        return parse(cell, join(cell, send(cell, request)), TakenRange.class);
    }

    /** Has the cell analyze the tables a split fills in bulk, so that its planner sees the rows imported. */
    public CompletableFuture<StatisticsRefresh> refreshStatistics(URI cell) {
        return send(cell, request(cell, "/internal/v1/statistics").timeout(SCAN_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build())
                .thenApply(body -> parse(cell, body, StatisticsRefresh.class));
    }

    /** Deletes up to {@code limit} rows of a range the cell no longer serves. */
    public DeleteResult deleteRange(URI cell, BucketRange range, int limit) {
        return parse(cell, join(cell, send(cell, request(cell, "/internal/v1/ranges/" + range + "/shapes?limit=" + limit)
                .DELETE().build())), DeleteResult.class);
    }

    /** The per-bucket sums the cell keeps for {@code range} with every write (a small read). */
    public CompletableFuture<RangeSums> keptSums(URI cell, BucketRange range) {
        return send(cell, request(cell, "/internal/v1/ranges/" + range + "/sums").GET().build())
                .thenApply(body -> parse(cell, body, RangeSums.class));
    }

    /** The digest of the cell's kept per-bucket sums of {@code range} (one small answer). */
    public CompletableFuture<RangeDigest> keptDigest(URI cell, BucketRange range) {
        return send(cell, request(cell, "/internal/v1/ranges/" + range + "/digest").GET().build())
                .thenApply(body -> parse(cell, body, RangeDigest.class));
    }

    /** The per-bucket sums of {@code range} counted from the cell's rows: reads every row, so it may take long. */
    public CompletableFuture<RangeSums> rowSums(URI cell, BucketRange range) {
        return send(cell, request(cell, "/internal/v1/ranges/" + range + "/sums?of=rows").timeout(SCAN_TIMEOUT).GET()
                .build()).thenApply(body -> parse(cell, body, RangeSums.class));
    }

    /** The cell's kept sums of {@code range} against its rows: reads every row, so it may take long. */
    public CompletableFuture<RangeVerification> verify(URI cell, BucketRange range) {
        return send(cell, request(cell, "/internal/v1/ranges/" + range + "/verify").timeout(SCAN_TIMEOUT).GET()
                .build()).thenApply(body -> parse(cell, body, RangeVerification.class));
    }

    /** The tenant's shapes in the cell, per bucket it serves. */
    public CompletableFuture<TenantShapes> tenantShapes(URI cell, String tenant) {
        return send(cell, request(cell, "/internal/v1/stats/tenants/" + tenant).GET().build())
                .thenApply(body -> parse(cell, body, TenantShapes.class));
    }

    /** The {@code limit} tenants with the most shapes in the cell, most first. */
    public CompletableFuture<List<TenantShapes>> largestTenants(URI cell, int limit) {
        return list(cell, "/internal/v1/stats/tenants?limit=" + limit, TENANTS, "tenant stats");
    }

    /** The {@code limit} tenants the cell served the most requests for over the last minute, most first. */
    public CompletableFuture<List<TenantTraffic>> busiestTenants(URI cell, int limit) {
        return list(cell, "/internal/v1/stats/traffic?limit=" + limit, TRAFFIC, "tenant traffic");
    }

    private <T> CompletableFuture<List<T>> list(URI cell, String path, TypeReference<List<T>> type, String what) {
        return send(cell, request(cell, path).GET().build()).thenApply(body -> {
            try {
                return Json.MAPPER.readValue(body, type);
            } catch (IOException e) {
                throw new CellCallException(cell, "answered with unreadable " + what + ": " + e.getMessage());
            }
        });
    }

    private static <T> T join(URI cell, CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof CellCallException c ? c : new CellCallException(cell, e.getCause().toString());
        }
    }

    private HttpRequest.Builder request(URI cell, String path) {
        return HttpRequest.newBuilder(cell.resolve(path)).timeout(timeout).header("Authorization", authorization);
    }

    private CompletableFuture<String> send(URI cell, HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                throw new CellCallException(cell, "did not answer (" + rootMessage(error) + ")");
            }
            if (response.statusCode() != 200) {
                throw new CellCallException(cell, "answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        });
    }

    private static <T> T parse(URI cell, String body, Class<T> type) {
        try {
            return Json.read(body, type);
        } catch (IOException e) {
            throw new CellCallException(cell, "answered with unreadable JSON: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** A cell call that failed: the cell is named, the reason is one line. */
    public static final class CellCallException extends RuntimeException {
        public CellCallException(URI cell, String reason) {
            super("cell " + cell + " " + reason);
        }
    }
}
