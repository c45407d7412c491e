package io.shapes.cell.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.hibernate.reactive.mutiny.Mutiny;

import io.shapes.cell.config.CellConfig;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * Reads and writes shapes and their counts. Counts only include buckets the cell serves (OWNED or FENCED):
 * rows of ranges being copied in, or not yet cleaned up after leaving, are never counted.
 */
@Singleton
public class ShapeStore {
    /** Inserts the shape and adds one to its count stripe, atomically, in one round trip. */
    public static final String INSERT = """
            with inserted as (
                insert into shapes (tenant, id, bucket, type, idempotency_key) values ($1, $2, $3, $4, $5)
                on conflict do nothing
                returning tenant, type, bucket
            ), counted as (
                insert into shape_counts (tenant, type, bucket, stripe, n)
                select tenant, type, bucket, $6, 1 from inserted
                on conflict (tenant, type, bucket, stripe) do update set n = shape_counts.n + 1
            )
            select count(*) from inserted""";
    private static final String SERVED = """
            join ownership o on c.bucket >= o.from_bucket and c.bucket < o.to_bucket
                and o.state in ('OWNED', 'FENCED')""";
    /** The count of one (tenant, type): its stripes in served buckets. */
    public static final String COUNT_OF = "select coalesce(sum(c.n), 0) from shape_counts c " + SERVED
            + " where c.tenant = $1 and c.type = $2";

    /** getShape's read: the type of one shape, by primary key. */
    public static final String TYPE_OF = "select type from shapes where tenant = $1 and id = $2";
    /** Several getShapes' read: the types of the shapes found, by their position (from 1) in the arrays given. */
    public static final String TYPES_OF = """
            select k.at, s.type from unnest($1::text[], $2::bigint[]) with ordinality as k(tenant, id, at)
            join shapes s on s.tenant = k.tenant and s.id = k.id""";

    private final Pool pool;
    private final PipelinedReads reads;
    private final Mutiny.SessionFactory sessions;
    private final CellConfig config;

    public ShapeStore(Pool pool, PipelinedReads reads, Mutiny.SessionFactory sessions, CellConfig config) {
        this.pool = pool;
        this.reads = reads;
        this.sessions = sessions;
        this.config = config;
    }

    /** True if the row is new; false if (tenant, id) or (tenant, idempotency key) exists already. */
    public Uni<Boolean> insert(String tenant, ShapeId id, String type, Optional<String> idempotencyKey) {
        // Under id-range the buckets already spread a (tenant, type) over many rows; more stripes would only
        // multiply the rows a count reads.
        int stripe = config.scheme() == Scheme.ID_RANGE ? 0 : ThreadLocalRandom.current().nextInt(config.countStripes());
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple().addString(tenant).addLong(id.value()).addInteger(id.bucket()).addString(type)
                        .addString(idempotencyKey.orElse(null)).addInteger(stripe))
                .map(rows -> rows.iterator().next().getLong(0) == 1);
    }

    /**
     * The type of the tenant's shape {@code id}, if it has one: a prepared primary-key lookup on the Vert.x client's
     * pipelined connections ({@link PipelinedReads}). The hottest read skips Hibernate Reactive's session and entity
     * (they cost more CPU than the query itself).
     */
    public Uni<Optional<String>> typeOf(String tenant, ShapeId id) {
        return reads.client().preparedQuery(TYPE_OF).execute(Tuple.of(tenant, id.value())).map(rows -> {
            var found = rows.iterator();
            return found.hasNext() ? Optional.of(found.next().getString(0)) : Optional.<String>empty();
        });
    }

    /**
     * The types of several shapes, each of {@code shapes} in its place: in one statement on the pipelined connections,
     * which costs PostgreSQL and the cell one query where each shape alone would cost one.
     */
    public Uni<List<Optional<String>>> typesOf(List<TenantShape> shapes) {
        String[] tenants = new String[shapes.size()];
        Long[] ids = new Long[shapes.size()];
        for (int i = 0; i < shapes.size(); i++) {
            tenants[i] = shapes.get(i).tenant();
            ids[i] = shapes.get(i).id().value();
        }
        return reads.client().preparedQuery(TYPES_OF).execute(Tuple.of(tenants, ids)).map(rows -> {
            List<Optional<String>> types = new ArrayList<>(Collections.nCopies(shapes.size(), Optional.empty()));
            for (Row row : rows) {
                types.set((int) row.getLong(0).longValue() - 1, Optional.of(row.getString(1)));
            }
            return types;
        });
    }

    /** A shape's key: its tenant and id. */
    public record TenantShape(String tenant, ShapeId id) {
    }

    public Uni<Optional<ShapeEntity>> findByIdempotencyKey(String tenant, String key) {
        return sessions.withSession(s -> s.createSelectionQuery(
                        "from ShapeEntity where tenant = :tenant and idempotencyKey = :key", ShapeEntity.class)
                .setParameter("tenant", tenant).setParameter("key", key).getSingleResultOrNull())
                .map(Optional::ofNullable);
    }

    public Uni<Long> countOf(String tenant, String type) {
        return single(COUNT_OF, Tuple.of(tenant, type));
    }

    public Uni<List<Row>> countsByType(String tenant) {
        return pool.preparedQuery("select c.type, sum(c.n) from shape_counts c " + SERVED
                + " where c.tenant = $1 group by c.type").execute(Tuple.of(tenant)).map(this::list);
    }

    public Uni<Long> countOfType(String type) {
        return single("select coalesce(sum(c.n), 0) from shape_counts c " + SERVED + " where c.type = $1",
                Tuple.of(type));
    }

    /** The tenant's shapes per bucket, in buckets the cell serves. */
    public Uni<List<Row>> tenantBuckets(String tenant) {
        return pool.preparedQuery("select c.bucket, sum(c.n) from shape_counts c " + SERVED
                + " where c.tenant = $1 group by c.bucket order by c.bucket").execute(Tuple.of(tenant)).map(this::list);
    }

    /** The {@code limit} tenants with the most shapes in buckets the cell serves, most first. */
    public Uni<List<Row>> largestTenants(int limit) {
        return pool.preparedQuery("select c.tenant, sum(c.n) as shapes from shape_counts c " + SERVED
                + " group by c.tenant order by shapes desc, c.tenant limit $1").execute(Tuple.of(limit)).map(this::list);
    }

    /** One round trip to the database through the pool the data uses: fails when the database does not answer. */
    public Uni<Void> ping() {
        return pool.query("select 1").execute().replaceWithVoid();
    }

    /** Every row of the cell, whatever its range's state: what the fixed capacity limits. */
    public Uni<Long> storedRows() {
        return single("select coalesce(sum(n), 0) from block_sums", Tuple.tuple());
    }

    private Uni<Long> single(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.iterator().next().getLong(0));
    }

    private List<Row> list(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }
}
