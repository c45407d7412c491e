package io.shapes.cell.data;

import java.util.ArrayList;
import java.util.List;

import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.FencedRange;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.cellapi.BucketDifference;
import io.shapes.core.cellapi.BucketSum;
import io.shapes.core.cellapi.RangeDigest;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.RangeVerification;
import io.shapes.core.cellapi.ShapeRow;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/** The operations a split runs on a cell: the change feed, idempotent import, batch delete and per-bucket sums. */
@Singleton
public class MigrationStore {
    /** Buckets per row of block_sums. */
    private static final int BLOCK = 64;
    private static final String FEED = """
            select tenant, id, bucket, type, seq, (extract(epoch from created_at) * 1000000)::bigint, idempotency_key
            from shapes where seq > $1 and bucket >= $2 and bucket < $3 order by seq limit $4""";
    /** Inserts the new rows and adds them to the counts (stripe 0), in one statement. */
    private static final String IMPORT = """
            with incoming as (
                select * from unnest($1::text[], $2::bigint[], $3::int[], $4::text[], $5::bigint[], $6::text[])
                    as r(tenant, id, bucket, type, created_micros, idempotency_key)
            ), inserted as (
                insert into shapes (tenant, id, bucket, type, created_at, idempotency_key)
                select tenant, id, bucket, type, to_timestamp(created_micros / 1000000.0), idempotency_key from incoming
                on conflict do nothing
                returning tenant, type, bucket
            ), counted as (
                insert into shape_counts (tenant, type, bucket, stripe, n)
                select tenant, type, bucket, 0, count(*) from inserted group by tenant, type, bucket
                on conflict (tenant, type, bucket, stripe) do update set n = shape_counts.n + excluded.n
            )
            select count(*) from inserted""";
    /** Deletes up to $3 rows of the range and takes them off the counts, in one statement. */
    private static final String DELETE = """
            with deleted as (
                delete from shapes where ctid in (
                    select ctid from shapes where bucket >= $1 and bucket < $2 limit $3)
                returning tenant, type, bucket
            ), uncounted as (
                insert into shape_counts (tenant, type, bucket, stripe, n)
                select tenant, type, bucket, 0, -count(*) from deleted group by tenant, type, bucket
                on conflict (tenant, type, bucket, stripe) do update set n = shape_counts.n + excluded.n
            )
            select count(*) from deleted""";
    /** A range's per-bucket sums as kept with every write (V2__bucket_sums.sql), empty buckets left out. */
    private static final String KEPT = """
            select bucket, sum(n) as n, sum(hash) as hash from bucket_sums where bucket >= $1 and bucket < $2
            group by bucket having sum(n) <> 0 or sum(hash) <> 0""";
    /** The same vectors counted from the rows: reads every row of the range. */
    private static final String COUNTED = """
            select bucket, count(*) as n, sum(shape_hash(tenant, id, type)) as hash from shapes
            where bucket >= $1 and bucket < $2 group by bucket""";
    /**
     * The kept sums of a range added up: whole blocks of 64 buckets from block_sums ($1..$2, V3__block_sums.sql), the
     * buckets at the range's ragged ends from bucket_sums ($3..$4 and $5..$6). Reads a few thousand rows at most.
     */
    private static final String KEPT_DIGEST = """
            select coalesce(sum(n), 0), coalesce(sum(hash), 0)::text from (
                select n, hash from block_sums where block >= $1 and block < $2
                union all
                select n, hash from bucket_sums where bucket >= $3 and bucket < $4 or bucket >= $5 and bucket < $6
            ) s""";
    private static final String KEPT_SUMS = "select bucket, n, hash::text from (" + KEPT + ") k order by bucket";
    private static final String ROW_SUMS = "select bucket, n, hash::text from (" + COUNTED + ") c order by bucket";
    /** Kept and counted side by side, in one statement and so one snapshot: a write in between cannot differ. */
    private static final String VERIFY = "with kept as (" + KEPT + "), counted as (" + COUNTED + ")"
            + " select coalesce(k.bucket, c.bucket), coalesce(k.n, 0), coalesce(k.hash, 0)::text, coalesce(c.n, 0),"
            + " coalesce(c.hash, 0)::text from kept k full join counted c on k.bucket = c.bucket order by 1";
    /** Blocks $1..$2 whose kept block sums are not the sum of their buckets' kept sums, in one statement. */
    private static final String BLOCKS_OFF = """
            select coalesce(k.block, b.block) from (
                select block, sum(n) as n, sum(hash) as hash from block_sums where block >= $1 and block < $2
                group by block
            ) k full join (
                select bucket / 64 as block, sum(n) as n, sum(hash) as hash from bucket_sums
                where bucket >= $1 * 64 and bucket < $2 * 64 group by bucket / 64
            ) b on k.block = b.block
            where coalesce(k.n, 0) <> coalesce(b.n, 0) or coalesce(k.hash, 0) <> coalesce(b.hash, 0) order by 1""";
    /** The tables a split fills (an import) or empties (a clean-up) in bulk, whose statistics that leaves stale. */
    public static final List<String> ANALYZED_TABLES = List.of("shapes", "shape_counts", "bucket_sums", "block_sums");
    private static final String VACUUM_ANALYZE = "vacuum (analyze) " + String.join(", ", ANALYZED_TABLES);
    /** Once a range's rows are all deleted, its sums are zero: their rows go too (blocks it covers partly included). */
    private static final String DROP_EMPTY_SUMS = """
            with buckets as (
                delete from bucket_sums where bucket in (
                    select bucket from bucket_sums where bucket >= $1 and bucket < $2
                    group by bucket having sum(n) = 0 and sum(hash) = 0)
            )
            delete from block_sums where block in (
                select block from block_sums where block >= $1 / 64 and block < ($2 + 63) / 64
                group by block having sum(n) = 0 and sum(hash) = 0)""";

    /** The blocks of {@link #BLOCK} buckets wholly inside a range: {@code [first, end)}, empty when none is. */
    private record WholeBlocks(int first, int end) {
        static WholeBlocks of(BucketRange range) {
            int first = Math.floorDiv(range.from() + BLOCK - 1, BLOCK);
            return new WholeBlocks(first, Math.max(first, Math.floorDiv(range.to(), BLOCK)));
        }

        boolean isEmpty() {
            return first == end;
        }
    }

    private final Pool pool;

    public MigrationStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<ChangePage> changes(BucketRange range, long after, int limit) {
        return pool.preparedQuery(FEED).execute(Tuple.of(after, range.from(), range.to(), limit)).map(rows -> {
            List<ShapeRow> page = new ArrayList<>();
            for (Row row : rows) {
                page.add(new ShapeRow(row.getString(0), new ShapeId(row.getLong(1)).toString(), row.getInteger(2),
                        row.getString(3), row.getLong(4), row.getLong(5), row.getString(6)));
            }
            long next = page.isEmpty() ? after : page.get(page.size() - 1).seq();
            return new ChangePage(page, next, page.size() == limit);
        });
    }

    /**
     * Runs the statements of a split's write pause on {@code connection}, changing nothing (an import of no rows, a
     * feed and a digest of the whole range), so that the pause never prepares one on a cold connection. The caller's
     * transaction rolls back.
     */
    public static Uni<Void> prepareOn(SqlConnection connection) {
        return connection.preparedQuery(IMPORT).execute(Tuple.of(new String[0], new Long[0], new Integer[0],
                        new String[0], new Long[0], new String[0]))
                .chain(() -> connection.preparedQuery(FEED).execute(Tuple.of(Long.MAX_VALUE, 0, Buckets.COUNT, 1)))
                .chain(() -> connection.preparedQuery(KEPT_DIGEST).execute(Tuple.from(List.of(0, 256, 0, 0, 0, 0))))
                .replaceWithVoid();
    }

    /**
     * A fenced range's feed after {@code after} (one page of {@code limit}) and the digest of its kept sums, read at
     * once: final, since no write can land in the range any more (a split's fence).
     */
    public Uni<FencedRange> fencedRange(List<RangeOwnership> held, BucketRange range, long after, int limit) {
        return Uni.combine().all().unis(changes(range, after, limit), keptDigest(range))
                .with((changes, digest) -> new FencedRange(held, changes, digest));
    }

    /**
     * Brings the statistics of the tables a split writes in bulk up to date, as autovacuum would at one of its next
     * rounds (up to a minute later, at a moment nobody chose): the planner's, and the counts of dead and new rows that
     * wake autovacuum. Until then, a table filled by imports keeps the plans chosen when it was empty (cached on every
     * pooled connection since the warm-up): the change feed, for one, read every row of a range to find the newest
     * few. Analyzing invalidates those plans. Vacuuming now removes the rows an earlier split's clean-up deleted and
     * marks the imported ones visible, so that autovacuum has nothing to do on these tables in the next split's write
     * pause (on a cell of 1,000,000 shapes, half of which a split has just deleted, that vacuum takes seconds).
     */
    public Uni<Void> vacuumAndAnalyze() {
        return pool.query(VACUUM_ANALYZE).execute().replaceWithVoid();
    }

    /** Inserts the rows that are not there yet; returns how many were new. */
    public Uni<Integer> importRows(List<ShapeRow> rows) {
        return importOn(pool, rows);
    }

    /**
     * Imports {@code rows} (if any), then reads the digest of {@code range}'s kept sums, on one connection: the two
     * statements go out together, and the digest is read once the import has committed. One round trip to the
     * database instead of two (a split's last import and take-over, inside its write pause); answers how many rows
     * were new and the digest.
     */
    public Uni<Tuple2<Integer, RangeDigest>> importThenDigest(List<ShapeRow> rows, BucketRange range) {
        return pool.withConnection(connection -> Uni.combine().all()
                .unis(rows.isEmpty() ? Uni.createFrom().item(0) : importOn(connection, rows), digestOn(connection, range))
                .asTuple());
    }

    private static Uni<Integer> importOn(SqlClient client, List<ShapeRow> rows) {
        int n = rows.size();
        String[] tenants = new String[n];
        Long[] ids = new Long[n];
        Integer[] buckets = new Integer[n];
        String[] types = new String[n];
        Long[] created = new Long[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            ShapeRow row = rows.get(i);
            tenants[i] = row.tenant();
            ids[i] = ShapeId.parse(row.id()).value();
            buckets[i] = row.bucket();
            types[i] = row.type();
            created[i] = row.createdAtMicros();
            keys[i] = row.idempotencyKey();
        }
        // one statement, atomic on its own (its counts and the sums' triggers included): no begin and commit round trips
        return client.preparedQuery(IMPORT).execute(Tuple.of(tenants, ids, buckets, types, created, keys))
                .map(result -> (int) result.iterator().next().getLong(0).longValue());
    }

    /** Deletes up to {@code limit} rows of the range; once none are left, drops the range's count and sum rows. */
    public Uni<Integer> deleteBatch(BucketRange range, int limit) {
        return pool.withTransaction(tx -> tx.preparedQuery(DELETE).execute(Tuple.of(range.from(), range.to(), limit))
                .map(result -> (int) result.iterator().next().getLong(0).longValue())
                .call(deleted -> deleted < limit
                        ? tx.preparedQuery("delete from shape_counts where bucket >= $1 and bucket < $2")
                                .execute(Tuple.of(range.from(), range.to()))
                                .chain(() -> tx.preparedQuery(DROP_EMPTY_SUMS).execute(Tuple.of(range.from(), range.to())))
                        : Uni.createFrom().voidItem()));
    }

    /** The range's per-bucket sums as kept with every write: reads at most 16,384 × 8 small rows. */
    public Uni<RangeSums> keptSums(BucketRange range) {
        return sums(KEPT_SUMS, range);
    }

    /** The digest of the range's kept sums: what a split compares inside its pause. */
    public Uni<RangeDigest> keptDigest(BucketRange range) {
        return digestOn(pool, range);
    }

    private static Uni<RangeDigest> digestOn(SqlClient client, BucketRange range) {
        WholeBlocks blocks = WholeBlocks.of(range);
        Tuple bounds = blocks.isEmpty()
                ? Tuple.from(List.of(0, 0, range.from(), range.to(), range.to(), range.to()))
                : Tuple.from(List.of(blocks.first(), blocks.end(), range.from(), blocks.first() * BLOCK,
                        blocks.end() * BLOCK, range.to()));
        return client.preparedQuery(KEPT_DIGEST).execute(bounds).map(rows -> {
            Row row = rows.iterator().next();
            return new RangeDigest(range.from(), range.to(), row.getLong(0), row.getString(1));
        });
    }

    /** The range's per-bucket sums counted from its rows. */
    public Uni<RangeSums> rowSums(BucketRange range) {
        return sums(ROW_SUMS, range);
    }

    /**
     * The kept sums against the rows, in one snapshot; and the kept block sums of the blocks wholly in the range
     * against their buckets' (kept by the same triggers in the same transactions, so any snapshot agrees).
     */
    public Uni<RangeVerification> verify(BucketRange range) {
        WholeBlocks whole = WholeBlocks.of(range);
        Uni<List<Integer>> blocksOff = pool.preparedQuery(BLOCKS_OFF).execute(Tuple.of(whole.first(), whole.end()))
                .map(rows -> {
                    List<Integer> blocks = new ArrayList<>();
                    rows.forEach(row -> blocks.add(row.getInteger(0)));
                    return blocks;
                });
        return pool.preparedQuery(VERIFY).execute(Tuple.of(range.from(), range.to())).map(rows -> {
            long counted = 0;
            List<BucketDifference> differences = new ArrayList<>();
            for (Row row : rows) {
                BucketSum kept = new BucketSum(row.getInteger(0), row.getLong(1), row.getString(2));
                BucketSum actual = new BucketSum(row.getInteger(0), row.getLong(3), row.getString(4));
                counted += actual.count();
                if (!kept.sameRowsAs(actual)) {
                    differences.add(new BucketDifference(kept.bucket(), kept, actual));
                }
            }
            return new RangeVerification(range.from(), range.to(), counted, differences, List.<Integer>of());
        }).chain(buckets -> blocksOff.map(blocks -> new RangeVerification(buckets.from(), buckets.to(), buckets.rows(),
                buckets.differences(), blocks)));
    }

    private Uni<RangeSums> sums(String query, BucketRange range) {
        return pool.preparedQuery(query).execute(Tuple.of(range.from(), range.to())).map(rows -> {
            List<BucketSum> buckets = new ArrayList<>();
            for (Row row : rows) {
                buckets.add(new BucketSum(row.getInteger(0), row.getLong(1), row.getString(2)));
            }
            return new RangeSums(range.from(), range.to(), buckets);
        });
    }
}
