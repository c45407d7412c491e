package io.shapes.core;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Derives a new shape's bucket under a scheme. Router and cell both call this; no other code decides a bucket.
 *
 * <p>Under {@code id-range} the bucket is the id's own top bits, which are random — except for a put with an
 * idempotency key, whose bucket is hash(tenant, key): a retried put must reach the cell that saw the first one.
 */
public final class BucketRule {
    private BucketRule() {
    }

    /** The bucket for a new shape of {@code type} put by {@code tenant}. */
    public static int bucketForPut(Scheme scheme, String tenant, String type, Optional<String> idempotencyKey,
            RandomGenerator random) {
        return switch (scheme) {
            case TENANT -> Buckets.of(tenant);
            case TYPE -> Buckets.of(type);
            case ID_RANGE -> idempotencyKey.map(key -> Buckets.of(tenant + '\n' + key))
                    .orElseGet(() -> random.nextInt(Buckets.COUNT));
        };
    }

    /**
     * The single bucket that holds every shape of (tenant, type) under {@code scheme}, if there is one:
     * under {@code id-range} the shapes of a (tenant, type) are spread over all buckets.
     */
    public static Optional<Integer> bucketForCount(Scheme scheme, String tenant, String type) {
        return switch (scheme) {
            case TENANT -> Optional.of(Buckets.of(tenant));
            case TYPE -> Optional.of(Buckets.of(type));
            case ID_RANGE -> Optional.empty();
        };
    }

    /** Whether an id with this bucket could have been made by {@link #bucketForPut} for the request. */
    public static boolean admits(Scheme scheme, String tenant, String type, Optional<String> idempotencyKey,
            int bucket) {
        return switch (scheme) {
            case TENANT, TYPE -> bucketForCount(scheme, tenant, type).orElseThrow() == bucket;
            case ID_RANGE -> idempotencyKey.map(key -> Buckets.of(tenant + '\n' + key) == bucket).orElse(true);
        };
    }
}
