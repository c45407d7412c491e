package io.shapes.core;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Derives a new shape's bucket under a scheme. Router and cell both call this; no other code decides a bucket.
 *
 * <p>Under {@code tenant} and {@code type} the bucket is one of the key's {@link Placement}: a random one, or for a put
 * with an idempotency key the one the key picks, so that a retried put reaches the cell that saw the first one.
 * Under {@code id-range} the bucket is the id's own top bits, which are random, except for a keyed put, whose bucket
 * is hash(tenant, key).
 */
public final class BucketRule {
    private BucketRule() {
    }

    /** The bucket for a new shape of {@code type} put by {@code tenant}, whose key has no stored placement. */
    public static int bucketForPut(Scheme scheme, String tenant, String type, Optional<String> idempotencyKey,
            RandomGenerator random) {
        return bucketForPut(scheme, defaultPlacement(scheme, tenant, type).orElse(null), tenant, idempotencyKey, random);
    }

    /**
     * The bucket for a new shape put by {@code tenant} into {@code placement}, the placement of the scheme's key (the
     * tenant's or the type's; ignored under {@code id-range}).
     */
    public static int bucketForPut(Scheme scheme, Placement placement, String tenant, Optional<String> idempotencyKey,
            RandomGenerator random) {
        return switch (scheme) {
            case TENANT, TYPE -> idempotencyKey.map(key -> placement.keyedBucket(tenant, key))
                    .orElseGet(() -> placement.bucket(random.nextInt(placement.width())));
            case ID_RANGE -> idempotencyKey.map(key -> Buckets.of(tenant + '\n' + key))
                    .orElseGet(() -> random.nextInt(Buckets.COUNT));
        };
    }

    /** The placement of the scheme's key when none is stored: the key's hashed bucket. None under {@code id-range}. */
    public static Optional<Placement> defaultPlacement(Scheme scheme, String tenant, String type) {
        return switch (scheme) {
            case TENANT -> Optional.of(Placement.defaultFor(tenant));
            case TYPE -> Optional.of(Placement.defaultFor(type));
            case ID_RANGE -> Optional.empty();
        };
    }

    /**
     * The single bucket that holds every shape of (tenant, type) under {@code scheme} when the key has the default
     * placement; none under {@code id-range}, where the shapes of a (tenant, type) are spread over all buckets.
     */
    public static Optional<Integer> bucketForCount(Scheme scheme, String tenant, String type) {
        return defaultPlacement(scheme, tenant, type).map(placement -> placement.bucket(0));
    }

    /**
     * Whether a cell may store a shape with an id in this bucket for the request. Under {@code tenant} the tenant's
     * placement is the control plane's, and routers choose within it: any bucket the cell owns. Under {@code type}
     * the type's bucket; under {@code id-range} any bucket, or for a keyed put the key's.
     */
    public static boolean admits(Scheme scheme, String tenant, String type, Optional<String> idempotencyKey,
            int bucket) {
        return switch (scheme) {
            case TENANT -> true;
            case TYPE -> Buckets.of(type) == bucket;
            case ID_RANGE -> idempotencyKey.map(key -> Buckets.of(tenant + '\n' + key) == bucket).orElse(true);
        };
    }
}
