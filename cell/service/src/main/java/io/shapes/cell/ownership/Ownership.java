package io.shapes.cell.ownership;

import java.util.ArrayList;
import java.util.List;
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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
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
    private final Pool pool;
    private final CellConfig config;
    private final InFlightWrites inFlight = new InFlightWrites();
    private volatile OwnershipTable table = OwnershipTable.empty();
    private volatile long mapVersion;

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
        if (next == OwnershipState.FENCED) {
            awaitDrained(range);
        }
        return updated;
    }

    private void persist(OwnershipTable updated, long version) {
        pool.withTransaction(tx -> replace(tx, updated, version)).await().indefinitely();
    }

    private static io.smallrye.mutiny.Uni<Void> replace(SqlClient tx, OwnershipTable updated, long version) {
        List<Tuple> rows = updated.held().stream()
                .map(r -> Tuple.of(r.from(), r.to(), r.state().name())).toList();
        var cleared = tx.query("delete from ownership").execute()
                .chain(() -> tx.preparedQuery("update cell_state set map_version = $1").execute(Tuple.of(version)));
        if (rows.isEmpty()) {
            return cleared.replaceWithVoid();
        }
        return cleared.chain(() -> tx.preparedQuery(
                "insert into ownership (from_bucket, to_bucket, state) values ($1, $2, $3)").executeBatch(rows))
                .replaceWithVoid();
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
