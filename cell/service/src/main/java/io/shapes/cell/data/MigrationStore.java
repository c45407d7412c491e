package io.shapes.cell.data;

import java.util.ArrayList;
import java.util.List;

import io.shapes.core.BucketRange;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.RangeChecksum;
import io.shapes.core.cellapi.ShapeRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/** The operations a split runs on a cell: the change feed, idempotent import, batch delete and checksum. */
@Singleton
public class MigrationStore {
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
    /**
     * Count and sum of a 64-bit hash of each row's identity and type. PostgreSQL's own string hash (stable since
     * PostgreSQL 11) costs about a quarter of an md5 rendered as hex: this query runs while writes are fenced.
     */
    private static final String CHECKSUM = """
            select count(*), coalesce(sum(hashtextextended(tenant || ':' || id || ':' || type, 0)), 0)
            from shapes where bucket >= $1 and bucket < $2""";

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

    /** Inserts the rows that are not there yet; returns how many were new. */
    public Uni<Integer> importRows(List<ShapeRow> rows) {
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
        return pool.withTransaction(tx -> tx.preparedQuery(IMPORT)
                .execute(Tuple.of(tenants, ids, buckets, types, created, keys))
                .map(result -> (int) result.iterator().next().getLong(0).longValue()));
    }

    /** Deletes up to {@code limit} rows of the range; once none are left, drops the range's count rows. */
    public Uni<Integer> deleteBatch(BucketRange range, int limit) {
        return pool.withTransaction(tx -> tx.preparedQuery(DELETE).execute(Tuple.of(range.from(), range.to(), limit))
                .map(result -> (int) result.iterator().next().getLong(0).longValue())
                .call(deleted -> deleted < limit
                        ? tx.preparedQuery("delete from shape_counts where bucket >= $1 and bucket < $2")
                                .execute(Tuple.of(range.from(), range.to()))
                        : Uni.createFrom().voidItem()));
    }

    public Uni<RangeChecksum> checksum(BucketRange range) {
        return pool.preparedQuery(CHECKSUM).execute(Tuple.of(range.from(), range.to())).map(rows -> {
            Row row = rows.iterator().next();
            long count = row.getLong(0);
            return new RangeChecksum(range.from(), range.to(), count, count + ":" + row.getValue(1));
        });
    }
}
