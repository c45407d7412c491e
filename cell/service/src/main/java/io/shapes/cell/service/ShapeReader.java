package io.shapes.cell.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.data.ShapeStore;
import io.shapes.cell.ownership.Ownership;
import io.shapes.core.BucketRule;
import io.shapes.core.Buckets;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeId;
import io.shapes.core.ShapeTypes;
import io.shapes.core.cellapi.Counts;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * getShape and counts. A count covers exactly the buckets this cell serves, and the router sums cells. The buckets the
 * router asks for (a tenant's placement buckets on this cell) must be served here, else 421: the router's map is
 * behind, and its sum would be short. Without them, where a scheme puts all the asked-for shapes in one bucket by
 * default, that bucket must be served.
 */
@Singleton
public class ShapeReader {
    private final CellConfig config;
    private final Ownership ownership;
    private final ShapeStore store;
    private final CellErrors errors;
    private final ShapeTypes types;

    public ShapeReader(CellConfig config, Ownership ownership, ShapeStore store, CellErrors errors, ShapeTypes types) {
        this.config = config;
        this.ownership = ownership;
        this.store = store;
        this.errors = errors;
        this.types = types;
    }

    /** The cell and its database answer: the cheap request a router's breaker probes with. */
    public Uni<Map<String, String>> health() {
        return store.ping().replaceWith(Map.of("cell", config.name(), "status", "up"));
    }

    public Uni<ShapeView> get(String tenant, ShapeId id) {
        requireServed(id.bucket());
        return store.typeOf(tenant, id).map(type -> view(tenant, id, type));
    }

    /**
     * Several getShapes in one read of the database; each shape's bucket must have passed {@link #requireServes}.
     * Each shape's type, if the tenant has it, in the order of {@code shapes}; {@link #view} makes its answer.
     */
    public Uni<List<Optional<String>>> typesOf(List<ShapeStore.TenantShape> shapes) {
        return store.typesOf(shapes);
    }

    /** The shape {@code id} of the tenant as getShape answers it, given its type if found; else not found. */
    public ShapeView view(String tenant, ShapeId id, Optional<String> type) {
        return type.map(found -> new ShapeView(id.toString(), tenant, found)).orElseThrow(
                () -> new ShapesException(ErrorCode.NOT_FOUND, "tenant " + tenant + " has no shape " + id));
    }

    /** Fails with 421 if the cell does not serve {@code id}'s bucket (the router's map is behind). */
    public void requireServes(ShapeId id) {
        requireServed(id.bucket());
    }

    /** The tenant's shape recorded under an idempotency key, wherever its bucket lies (keys span a tenant). */
    public Uni<ShapeView> byIdempotencyKey(String tenant, String key) {
        return store.findByIdempotencyKey(tenant, key).map(found -> found
                .map(shape -> new ShapeView(new ShapeId(shape.id).toString(), tenant, shape.type))
                .orElseThrow(() -> new ShapesException(ErrorCode.NOT_FOUND,
                        "tenant " + tenant + " has no shape under that idempotency key")));
    }

    public Uni<Counts.TenantType> count(String tenant, String type, List<Integer> buckets) {
        if (buckets.isEmpty()) {
            BucketRule.bucketForCount(config.scheme(), tenant, type).ifPresent(this::requireServed);
        }
        buckets.forEach(this::requireServed);
        return store.countOf(tenant, type).map(n -> new Counts.TenantType(tenant, type, n));
    }

    public Uni<Counts.Tenant> countAll(String tenant, List<Integer> buckets) {
        if (buckets.isEmpty() && config.scheme() == Scheme.TENANT) {
            requireServed(Buckets.of(tenant));
        }
        buckets.forEach(this::requireServed);
        return store.countsByType(tenant).map(rows -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            types.allowed().forEach(type -> counts.put(type, 0L));
            rows.forEach(row -> counts.merge(row.getString(0), row.getLong(1), Long::sum));
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            return new Counts.Tenant(tenant, counts, total);
        });
    }

    public Uni<Counts.Global> countGlobal(String type) {
        Optional<Integer> bucket = config.scheme() == Scheme.TYPE
                ? Optional.of(Buckets.of(type)) : Optional.empty();
        bucket.ifPresent(this::requireServed);
        return store.countOfType(type).map(n -> new Counts.Global(type, n));
    }

    private void requireServed(int bucket) {
        if (!ownership.table().stateOf(bucket).servesReads()) {
            throw errors.misdirected(bucket);
        }
    }
}
