package io.shapes.cell.web;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.data.Capacity;
import io.shapes.cell.data.MigrationStore;
import io.shapes.cell.ownership.Ownership;
import io.shapes.core.BucketRange;
import io.shapes.core.Names;
import io.shapes.core.ShapeId;
import io.shapes.core.ShapeTypes;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.DeleteResult;
import io.shapes.core.cellapi.FencedRange;
import io.shapes.core.cellapi.ImportBatch;
import io.shapes.core.cellapi.ImportResult;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeDigest;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.RangeVerification;
import io.shapes.core.cellapi.ShapeRow;
import io.shapes.core.cellapi.StatisticsRefresh;
import io.shapes.core.cellapi.TakeRange;
import io.shapes.core.cellapi.TakenRange;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.shapes.web.RequestInput;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import java.util.List;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** What a split runs on cells (DESIGN.md, "Splitting a cell online"): feed, import, delete, per-bucket sums. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationResource {
    private final CellConfig config;
    private final MigrationStore store;
    private final Ownership ownership;
    private final Capacity capacity;
    private final ShapeTypes types;

    public MigrationResource(CellConfig config, MigrationStore store, Ownership ownership, Capacity capacity,
            ShapeTypes types) {
        this.config = config;
        this.store = store;
        this.ownership = ownership;
        this.capacity = capacity;
        this.types = types;
    }

    /** Rows of the range with a change sequence above {@code after}, in sequence order. */
    @GET
    @Path("/ranges/{range}/changes")
    public Uni<ChangePage> changes(@PathParam("range") String range, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        return store.changes(RequestInput.range(range), RequestInput.nonNegative("after", after, 0), pageSize(limit));
    }

    /**
     * A split's fence in one round trip, inside its write pause: the range is fenced (as {@code PUT ownership} to
     * FENCED does: answered once the writes to it under way have finished), then its feed after {@code after} (one
     * page of {@code limit}) and the digest of its kept sums are read, both final now that no write can land.
     * Idempotent: fencing a fenced range changes nothing.
     */
    @POST
    @Path("/ranges/{range}/fence")
    @Blocking
    public Uni<FencedRange> fence(@PathParam("range") String range, @QueryParam("mapVersion") String mapVersion,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        BucketRange buckets = RequestInput.range(range);
        long version = requiredMapVersion(mapVersion);
        long cursor = RequestInput.nonNegative("after", after, 0);
        int page = pageSize(limit);
        return store.fencedRange(ownership.change(buckets, OwnershipState.FENCED, version).held(), buckets, cursor, page);
    }

    /**
     * Idempotent: rows already present are skipped. Every row must fall in a range this cell holds INCOMING. With
     * {@code digest=RANGE}, the answer also holds the digest of that range's kept sums after the batch (a split's
     * last import, inside its write pause: one round trip instead of two).
     */
    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImportResult> importRows(byte[] body, @QueryParam("digest") String digestOf) {
        BucketRange digestRange = digestOf == null ? null : RequestInput.range(digestOf);
        ImportBatch batch = RequestInput.json(body, (int) CellGate.MAX_BODY_BYTES, ImportBatch.class);
        if (batch.rows() == null) {
            throw RequestInput.invalid("field 'rows' must hold 0.." + config.maxPageSize() + " rows");
        }
        for (ShapeRow row : validRows(batch.rows())) {
            requireIncoming(row);
        }
        if (digestRange != null) {
            return store.importThenDigest(batch.rows(), digestRange)
                    .invoke(done -> capacity.adjust(done.getItem1()))
                    .map(done -> new ImportResult(batch.rows().size(), done.getItem1()).withDigest(done.getItem2()));
        }
        return batch.rows().isEmpty()
                ? Uni.createFrom().item(new ImportResult(0, 0))
                : store.importRows(batch.rows())
                        .invoke(capacity::adjust)
                        .map(inserted -> new ImportResult(batch.rows().size(), inserted));
    }

    /**
     * A split's last import and the target's take-over in one round trip, inside its write pause: the rows (all in
     * the range, which this cell holds INCOMING) are imported as {@code POST import} does, then the digest of the
     * range's kept sums is compared with {@code expected}, the fenced source's; only if they are equal does this cell
     * own the range, as part of map {@code mapVersion}. Answers the digest either way. Repeatable: a range already
     * owned here imports nothing and is answered taken if the digests are equal.
     */
    @POST
    @Path("/ranges/{range}/take")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public TakenRange take(@PathParam("range") String range, @QueryParam("mapVersion") String mapVersion,
            byte[] body) {
        BucketRange buckets = RequestInput.range(range);
        long version = requiredMapVersion(mapVersion);
        TakeRange take = RequestInput.json(body, (int) CellGate.MAX_BODY_BYTES, TakeRange.class);
        if (take.expected() == null || take.expected().hash() == null) {
            throw RequestInput.invalid("field 'expected' must hold the source's digest of the range");
        }
        List<ShapeRow> rows = validRows(take.rows() == null ? List.of() : take.rows());
        for (ShapeRow row : rows) {
            if (!buckets.contains(row.bucket())) {
                throw RequestInput.invalid("row " + row.id() + " is in bucket " + row.bucket() + ", outside " + buckets);
            }
        }
        boolean ownedAlready = ownership.table().allIn(buckets, OwnershipState.OWNED);
        if (!ownedAlready && !ownership.table().allIn(buckets, OwnershipState.INCOMING)) {
            throw new ShapesException(ErrorCode.CONFLICT, "buckets " + buckets
                    + " are not INCOMING on this cell; only a range being moved here is taken");
        }
        var imported = store.importThenDigest(ownedAlready ? List.of() : rows, buckets)
                .invoke(done -> capacity.adjust(done.getItem1())).await().indefinitely();
        int inserted = imported.getItem1();
        RangeDigest digest = imported.getItem2();
        boolean taken = digest.sameRowsAs(take.expected());
        var held = taken && !ownedAlready ? ownership.change(buckets, OwnershipState.OWNED, version).held()
                : ownership.table().held();
        return new TakenRange(rows.size(), inserted, digest, taken, held);
    }

    /** Deletes up to {@code limit} rows of a range this cell no longer serves (released, or INCOMING on abort). */
    @DELETE
    @Path("/ranges/{range}/shapes")
    public Uni<DeleteResult> delete(@PathParam("range") String range, @QueryParam("limit") String limit) {
        BucketRange buckets = RequestInput.range(range);
        if (!ownership.table().allIn(buckets, OwnershipState.NONE, OwnershipState.INCOMING)) {
            throw new ShapesException(ErrorCode.CONFLICT, "buckets " + buckets
                    + " are still served here; release them before deleting their rows");
        }
        int batch = pageSize(limit);
        return store.deleteBatch(buckets, batch)
                .invoke(deleted -> capacity.adjust(-deleted))
                .map(deleted -> new DeleteResult(deleted, deleted == batch));
    }

    /**
     * The range's per-bucket sums: as kept with every write ({@code of=kept}, the default; reads at most a few
     * rows per bucket), or counted from its rows ({@code of=rows}; reads every row of the range).
     */
    @GET
    @Path("/ranges/{range}/sums")
    public Uni<RangeSums> sums(@PathParam("range") String range, @QueryParam("of") String of) {
        BucketRange buckets = RequestInput.range(range);
        if (of == null || of.equals("kept")) {
            return store.keptSums(buckets);
        }
        if (of.equals("rows")) {
            return store.rowSums(buckets);
        }
        throw RequestInput.invalid("query parameter 'of' must be 'kept' or 'rows'");
    }

    /** The digest of the range's kept per-bucket sums: one small answer, equal on two cells holding the same rows. */
    @GET
    @Path("/ranges/{range}/digest")
    public Uni<RangeDigest> digest(@PathParam("range") String range) {
        return store.keptDigest(RequestInput.range(range));
    }

    /**
     * Vacuums and analyzes the tables a split fills or empties in bulk (see {@link MigrationStore#vacuumAndAnalyze}). A
     * split asks both cells before its fence: none of the pause's statements then runs on a plan made for an empty
     * table, and autovacuum has no bulk change of theirs left to catch up with during the pause.
     */
    @POST
    @Path("/statistics")
    public Uni<StatisticsRefresh> refreshStatistics() {
        long start = System.nanoTime();
        return store.vacuumAndAnalyze().map(done -> new StatisticsRefresh(MigrationStore.ANALYZED_TABLES,
                (System.nanoTime() - start) / 1_000_000));
    }

    /** The range's kept sums against its rows, read in one snapshot: no differences when the sums are true. */
    @GET
    @Path("/ranges/{range}/verify")
    public Uni<RangeVerification> verify(@PathParam("range") String range) {
        return store.verify(RequestInput.range(range));
    }

    private static long requiredMapVersion(String mapVersion) {
        if (mapVersion == null) {
            throw RequestInput.invalid("query parameter 'mapVersion' is required");
        }
        return RequestInput.nonNegative("mapVersion", mapVersion, 0);
    }

    private int pageSize(String limit) {
        long value = RequestInput.nonNegative("limit", limit, 1000);
        if (value < 1 || value > config.maxPageSize()) {
            throw RequestInput.invalid("query parameter 'limit' must be in 1.." + config.maxPageSize());
        }
        return (int) value;
    }

    /** {@code rows}, once every one is a well-formed row and there are at most a page of them. */
    private List<ShapeRow> validRows(List<ShapeRow> rows) {
        if (rows.size() > config.maxPageSize()) {
            throw RequestInput.invalid("field 'rows' must hold 0.." + config.maxPageSize() + " rows");
        }
        rows.forEach(this::validate);
        return rows;
    }

    private void validate(ShapeRow row) {
        if (row == null || !Names.isTenant(row.tenant()) || !types.contains(row.type()) || row.id() == null) {
            throw RequestInput.invalid("every row needs a valid tenant, type and id");
        }
        ShapeId id;
        try {
            id = ShapeId.parse(row.id());
        } catch (ShapeId.InvalidShapeIdException e) {
            throw RequestInput.invalid("row id '" + row.id() + "': " + e.getMessage());
        }
        if (id.bucket() != row.bucket()) {
            throw RequestInput.invalid("row " + row.id() + " says bucket " + row.bucket() + " but its id is in bucket "
                    + id.bucket());
        }
        if (row.idempotencyKey() != null && !Names.isIdempotencyKey(row.idempotencyKey())) {
            throw RequestInput.invalid("row " + row.id() + " has an invalid idempotency key");
        }
    }

    private void requireIncoming(ShapeRow row) {
        if (ownership.table().stateOf(row.bucket()) != OwnershipState.INCOMING) {
            throw new ShapesException(ErrorCode.CONFLICT, "bucket " + row.bucket()
                    + " is not INCOMING on this cell; imports only fill ranges being moved here");
        }
    }
}
