package io.shapes.cell.service;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.data.Capacity;
import io.shapes.cell.data.ShapeEntity;
import io.shapes.cell.data.ShapeStore;
import io.shapes.cell.ownership.FenceHold;
import io.shapes.cell.ownership.Ownership;
import io.shapes.core.BucketRule;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * A put: decide the id, check the bucket is ours and writable (waiting at a split's fence, {@link FenceHold}),
 * reserve capacity, store, and resolve idempotent replays. The caller has validated tenant, type and key.
 */
@Singleton
public class ShapeWriter {
    private static final long NOT_HELD = Long.MIN_VALUE;
    private final CellConfig config;
    private final Ownership ownership;
    private final Capacity capacity;
    private final ShapeStore store;
    private final CellErrors errors;
    private final FenceHold hold;

    public ShapeWriter(CellConfig config, Ownership ownership, Capacity capacity, ShapeStore store, CellErrors errors,
            FenceHold hold) {
        this.config = config;
        this.hold = hold;
        this.ownership = ownership;
        this.capacity = capacity;
        this.store = store;
        this.errors = errors;
    }

    /** The outcome of a put: the shape, and whether it was created now or replayed for a repeated key. */
    public record Written(ShapeView shape, boolean replayed) {
    }

    public Uni<Written> put(String tenant, String type, Optional<String> key, Optional<ShapeId> requestedId) {
        ShapeId id = requestedId.orElseGet(() -> ShapeId.random(
                BucketRule.bucketForPut(config.scheme(), tenant, type, key, ThreadLocalRandom.current()),
                ThreadLocalRandom.current()));
        if (!BucketRule.admits(config.scheme(), tenant, type, key, id.bucket())) {
            throw CellErrors.invalid("id " + id + " is not in the bucket that scheme " + config.scheme()
                    + " gives this shape");
        }
        return write(tenant, type, key, id, NOT_HELD);
    }

    /**
     * The put of {@code id}, once its bucket is checked; at a fence it waits until {@code holdUntil} at most (set at
     * the first fence it meets, so that a put that meets none does not read the clock for it).
     */
    private Uni<Written> write(String tenant, String type, Optional<String> key, ShapeId id, long holdUntil) {
        int bucket = id.bucket();
        CompletionStage<Void> change = ownership.nextChange();
        ownership.inFlight().enter(bucket);
        OwnershipState state = ownership.table().stateOf(bucket);
        if (state != OwnershipState.OWNED || !capacity.tryReserve()) {
            ownership.inFlight().exit(bucket);
            if (state == OwnershipState.FENCED) {
                long until = holdUntil == NOT_HELD ? hold.deadlineFromNow() : holdUntil;
                return hold.untilChanged(bucket, change, until).chain(() -> write(tenant, type, key, id, until));
            }
            throw state == OwnershipState.OWNED ? errors.full() : errors.misdirected(bucket);
        }
        return store.insert(tenant, id, type, key)
                .invoke(inserted -> {
                    if (inserted) {
                        capacity.commit();
                    } else {
                        capacity.release();
                    }
                })
                .onFailure().invoke(capacity::release)
                .onCancellation().invoke(capacity::release)
                .onTermination().invoke(() -> ownership.inFlight().exit(bucket))
                .chain(inserted -> inserted
                        ? Uni.createFrom().item(new Written(new ShapeView(id.toString(), tenant, type), false))
                        : existing(tenant, type, key, id));
    }

    private Uni<Written> existing(String tenant, String type, Optional<String> key, ShapeId id) {
        if (key.isEmpty()) {
            throw new ShapesException(ErrorCode.CONFLICT, "a shape with id " + id + " exists already");
        }
        return store.findByIdempotencyKey(tenant, key.get()).map(found -> {
            ShapeEntity shape = found.orElseThrow(() -> new ShapesException(ErrorCode.CONFLICT,
                    "a shape with id " + id + " exists already"));
            if (!shape.type.equals(type)) {
                throw new ShapesException(ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key was first used to put a "
                        + shape.type + "; a different body needs a new key");
            }
            return new Written(new ShapeView(new ShapeId(shape.id).toString(), tenant, shape.type), true);
        });
    }
}
