package io.shapes.cell.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.quarkus.runtime.StartupEvent;
import io.shapes.cell.config.CellConfig;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.vertx.mutiny.sqlclient.Pool;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The cell's ownership table and map version (DESIGN.md, "Fencing"). Every change is written to the cell's
 * database before it takes effect here; reads on the request path are lock-free.
 */
@Singleton
public class Ownership {
    /**
     * The whole table and the map version in one statement (one round trip: fences and switches happen inside a
     * split's write pause). Rows keyed by their first bucket are upserted, the others deleted: the two touch different
     * rows, so they may run in the same statement.
     */
    private static final String REPLACE = "with incoming as (select * from unnest($2::int[], $3::int[], $4::text[])"
            + " as t(from_bucket, to_bucket, state)),"
            + " upserted as (insert into ownership (from_bucket, to_bucket, state) select from_bucket, to_bucket, state"
            + " from incoming on conflict (from_bucket) do update set to_bucket = excluded.to_bucket,"
            + " state = excluded.state),"
            + " removed as (delete from ownership where from_bucket <> all($2::int[]))"
            + " update cell_state set map_version = $1";
    private final Pool pool;
    private final CellConfig config;
    private final InFlightWrites inFlight = new InFlightWrites();
    private volatile OwnershipTable table = OwnershipTable.empty();
    private volatile long mapVersion;
    /** Completed, and replaced, by every change of the table: what a write held at a fence waits for. */
    private volatile CompletableFuture<Void> nextChange = new CompletableFuture<>();

    public Ownership(Pool pool, CellConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void load(@Observes @Priority(10) StartupEvent event) {
        List<RangeOwnership> ranges = new ArrayList<>();
        for (Row row : pool.query("select from_bucket, to_bucket, state from ownership").executeAndAwait()) {
            ranges.add(new RangeOwnership(row.getInteger(0), row.getInteger(1),
                    OwnershipState.valueOf(row.getString(2))));
        }
        table = OwnershipTable.of(ranges);
        mapVersion = pool.query("select map_version from cell_state").executeAndAwait().iterator().next().getLong(0);
    }

    public OwnershipTable table() {
        return table;
    }

    public long mapVersion() {
        return mapVersion;
    }

    public InFlightWrites inFlight() {
        return inFlight;
    }

    /**
     * Completes at the next change of the table. Read it <em>before</em> reading the table: a change made after that
     * read then completes it (the table is replaced before the signal is).
     */
    public CompletionStage<Void> nextChange() {
        return nextChange;
    }

    /**
     * Moves {@code range} to {@code next}, persisted first. Fencing returns only once the writes to the range that
     * were already under way have finished, so the caller may then copy the last rows.
     */
    public synchronized OwnershipTable change(BucketRange range, OwnershipState next, long newMapVersion) {
        OwnershipTable updated;
        try {
            updated = table.apply(range, next);
        } catch (OwnershipTable.IllegalOwnershipChangeException e) {
            throw new ShapesException(ErrorCode.CONFLICT, e.getMessage());
        }
        long version = Math.max(mapVersion, newMapVersion);
        persist(updated, version);
        table = updated;
        mapVersion = version;
        CompletableFuture<Void> changed = nextChange;
        nextChange = new CompletableFuture<>();
        changed.complete(null);
        if (next == OwnershipState.FENCED) {
            awaitDrained(range);
        }
        return updated;
    }

    /**
     * Runs the statement that persists a change on {@code connection} (with an empty table: the caller's transaction
     * rolls back), so that a fence or a take-over, inside a split's write pause, never prepares it on a cold connection.
     */
    public static Uni<Void> prepareOn(SqlConnection connection) {
        return connection.preparedQuery(REPLACE).execute(replacing(List.of(), 0L)).replaceWithVoid();
    }

    private void persist(OwnershipTable updated, long version) {
        pool.preparedQuery(REPLACE).execute(replacing(updated.held(), version)).await().indefinitely();
    }

    /** The arguments of {@link #REPLACE}: the map version and the table's ranges as three arrays. */
    private static Tuple replacing(List<RangeOwnership> held, long version) {
        return Tuple.of(version, held.stream().map(RangeOwnership::from).toArray(Integer[]::new),
                held.stream().map(RangeOwnership::to).toArray(Integer[]::new),
                held.stream().map(r -> r.state().name()).toArray(String[]::new));
    }

    private void awaitDrained(BucketRange range) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.fenceDrainTimeoutMs());
        while (inFlight.inRange(range) > 0) {
            if (System.nanoTime() > deadline) {
                throw new ShapesException(ErrorCode.CONFLICT, "writes to buckets " + range
                        + " did not finish within " + config.fenceDrainTimeoutMs() + " ms; the range stays fenced");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
