package io.shapes.cell.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.shapes.cell.config.CellConfig;
import io.shapes.cell.data.MigrationStore;
import io.shapes.cell.data.PipelinedReads;
import io.shapes.cell.data.ShapeStore;
import io.shapes.cell.ownership.Ownership;
import io.shapes.cell.ownership.FenceHold;
import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.ShapeId;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A cell is ready only once it has run its own request paths: every connection of its pool opened and each of the
 * hot statements prepared on it (writes in transactions rolled back), and its internal API called over HTTP with
 * requests that change nothing. A cold cell otherwise pays for its JVM's first compilations and for opening its
 * connections (each a PostgreSQL backend and a SCRAM exchange) on its first real requests: measured, the first
 * 400 puts to a fresh deployment took up to 1.05 s against 0.29 s a moment later, and under load a fresh cell — the
 * target of a split, or a restarted one — timed out for seconds. Bounded by {@link #BUDGET}: a warm-up that fails
 * (its database is down) or runs long does not keep the cell unready; its database's own check does that.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final Duration BUDGET = Duration.ofSeconds(15);
    /** Rolled-back writes per connection of the pool. */
    private static final int WRITES_PER_CONNECTION = 4;
    /** Calls of the internal API, a third on each of its three hot paths. */
    public static final int HTTP_REQUESTS = 240;
    /** Calls of the split's calls that change nothing (a take-over that takes nothing, a feed, a digest), each. */
    public static final int MIGRATION_REQUESTS = 8;
    /** At most this many warm-up calls at once, and never more than a quarter of the cell's in-flight limit. */
    private static final int HTTP_CONCURRENCY = 16;
    /** The tenant and type the warm-up uses: whoever is called this, its writes roll back and its puts name no type. */
    private static final String NOBODY = "shapes-warm-up";
    private final Pool pool;
    private final PipelinedReads reads;
    private final ObjectMapper mapper;
    private final MigrationStore store;
    private final FenceHold hold;
    private final Vertx vertx;
    private final CellConfig config;
    private final int poolSize;
    private final String host;
    private volatile boolean done;

    public WarmUp(Pool pool, PipelinedReads reads, ObjectMapper mapper, CellConfig config, MigrationStore store,
            FenceHold hold, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20") int poolSize,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String host) {
        this.pool = pool;
        this.reads = reads;
        this.store = store;
        this.hold = hold;
        this.vertx = vertx;
        this.mapper = mapper;
        this.config = config;
        this.poolSize = poolSize;
        this.host = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    void start(@Observes StartupEvent event) {
        long start = System.nanoTime();
        // the HTTP calls wait for their slots: on a worker thread, never on the event loop that serves them
        database().chain(this::reads).emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(v -> Uni.createFrom().completionStage(api()))
                .ifNoItem().after(BUDGET).fail()
                .subscribe().with(
                        v -> finish("warm-up done in " + (System.nanoTime() - start) / 1_000_000 + " ms"),
                        e -> finish("warm-up stopped after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e));
    }

    private void finish(String outcome) {
        LOG.info(outcome);
        done = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(done).build();
    }

    /**
     * Every connection at once, each writing, counting and running the statements of a split's write pause in
     * transactions that roll back.
     */
    private Uni<Void> database() {
        return Multi.createFrom().range(0, poolSize * WRITES_PER_CONNECTION)
                .onItem().transformToUni(i -> pool.getConnection().onItem().transformToUni(connection ->
                        rolledBackWrite(connection, i).eventually(connection::close)))
                .merge(poolSize).collect().last().replaceWithVoid();
    }

    /**
     * getShape's read of nobody's shapes on its pipelined client ({@link PipelinedReads}), as many at once as all its
     * connections carry: opens every one and prepares the statement on it, which the reads of the HTTP warm-up do not
     * reach while the cell serves no bucket.
     */
    private Uni<Void> reads() {
        int count = config.db().readConnections() * PipelinedReads.DEPTH;
        return Multi.createFrom().range(0, count)
                .onItem().transformToUni(i -> reads.client().preparedQuery(ShapeStore.TYPE_OF)
                        .execute(Tuple.of(NOBODY, ShapeId.of(i % Buckets.COUNT, i).value())).replaceWithVoid())
                .merge(count).collect().last().replaceWithVoid();
    }

    private static Uni<Void> rolledBackWrite(SqlConnection connection, int i) {
        return connection.begin().onItem().transformToUni(tx -> connection.preparedQuery(ShapeStore.INSERT)
                .execute(Tuple.tuple().addString(NOBODY).addLong(ShapeId.of(i % Buckets.COUNT, i).value())
                        .addInteger(i % Buckets.COUNT).addString(NOBODY).addString(null).addInteger(0))
                .chain(() -> connection.preparedQuery(ShapeStore.COUNT_OF).execute(Tuple.of(NOBODY, NOBODY)))
                .chain(() -> MigrationStore.prepareOn(connection))
                .chain(() -> Ownership.prepareOn(connection))
                .eventually(tx::rollback)).replaceWithVoid();
    }

    /** Reads of nobody's shapes and counts, and puts refused for their type, over HTTP as the router sends them. */
    private CompletableFuture<Void> api() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + io.shapes.web.ListeningPort.current()
                + "/internal/v1/tenants/" + NOBODY;
        // traffic may arrive while the cell warms up: the warm-up leaves it most of the in-flight limit
        Semaphore slots = new Semaphore(Math.max(1, Math.min(HTTP_CONCURRENCY, config.maxInFlight() / 4)));
        CompletableFuture<?>[] calls = new CompletableFuture<?>[HTTP_REQUESTS];
        for (int i = 0; i < HTTP_REQUESTS; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(2))
                    .header("Authorization", "Bearer " + config.dataToken());
            request = switch (i % 3) {
                case 0 -> request.uri(URI.create(base + "/shapes/" + ShapeId.of(i % Buckets.COUNT, i)));
                case 1 -> request.uri(URI.create(base + "/counts"));
                default -> request.uri(URI.create(base + "/shapes")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + NOBODY + "\"}"));
            };
            slots.acquireUninterruptibly();
            calls[i] = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> slots.release());
        }
        return CompletableFuture.allOf(calls).thenCompose(v -> migration(http, base.replace("/tenants/" + NOBODY, "")));
    }

    /**
     * The calls a split makes inside its write pause, each made so that it changes nothing whatever the cell holds:
     * a take-over of the whole range with a digest no range has (it imports nothing and takes nothing; refused if the
     * cell holds nothing incoming), a feed from beyond its end, a digest, and an ownership change refused for its map
     * version once its body is read. The fence's reads are made and its answer written, and a write waits at a fence
     * that has already lifted ({@link #fenceCode}). A cell's first split otherwise loads their classes and builds
     * their readers and writers while writes wait: 30 ms for its first fence, 25 ms for its first release, measured.
     */
    private CompletableFuture<Void> migration(HttpClient http, String internal) {
        String whole = internal + "/ranges/0-" + Buckets.COUNT;
        String take = "{\"rows\":[],\"expected\":{\"from\":0,\"to\":" + Buckets.COUNT + ",\"rows\":-1,\"hash\":\"none\"}}";
        CompletableFuture<Void> chain = fenceCode();
        for (int i = 0; i < MIGRATION_REQUESTS * 4; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(2))
                    .header("Authorization", "Bearer " + config.adminToken());
            HttpRequest call = (switch (i % 4) {
                case 0 -> request.uri(URI.create(whole + "/take?mapVersion=0")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(take));
                case 1 -> request.uri(URI.create(whole + "/changes?after=" + Long.MAX_VALUE + "&limit=1"));
                case 2 -> request.uri(URI.create(internal + "/ownership/0-" + Buckets.COUNT))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"OWNED\",\"mapVersion\":-1}"));
                default -> request.uri(URI.create(whole + "/digest"));
            }).build();
            chain = chain.thenCompose(v -> http.sendAsync(call, HttpResponse.BodyHandlers.discarding())
                    .thenApply(response -> null));
        }
        return chain;
    }

    /**
     * The code of a fence that no request reaches harmlessly: its reads of the whole range from beyond its end, their
     * answer written, and a write held at a fence that has lifted already, on an event loop as a held write is.
     */
    private CompletableFuture<Void> fenceCode() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        store.fencedRange(List.of(), new BucketRange(0, Buckets.COUNT), Long.MAX_VALUE, 1)
                .invoke(fenced -> {
                    try {
                        mapper.writeValueAsBytes(fenced);
                    } catch (JsonProcessingException e) {
                        LOG.warn("warm-up: the fence's answer was not written: " + e);
                    }
                })
                .chain(() -> Uni.createFrom().<Void>emitter(emitter -> vertx.getOrCreateContext().runOnContext(
                        ignored -> hold.untilChanged(0, CompletableFuture.completedFuture(null), hold.deadlineFromNow())
                                .subscribe().with(emitter::complete, emitter::fail))))
                .subscribe().with(ignored -> done.complete(null), failure -> {
                    LOG.warn("warm-up: the fence's code did not run: " + failure);
                    done.complete(null);
                });
        return done;
    }
}
