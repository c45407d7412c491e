package io.shapes.core;

import java.nio.charset.StandardCharsets;

import net.openhft.hashing.LongHashFunction;

/**
 * The one bucket function of the system: XXH64 (seed 0) over the UTF-8 bytes of a key, top 14 bits.
 *
 * <p>This is a wire contract between router, cells and cell-manager: changing it moves every shape.
 * Fixed vectors in {@code BucketsTest} pin it.
 */
public final class Buckets {
    /** Bits of a bucket number; also the top bits of every shape id. */
    public static final int BITS = 14;
    /** Number of buckets: every shape lives in exactly one of {@code [0, COUNT)}. */
    public static final int COUNT = 1 << BITS;

    private static final LongHashFunction XXH64 = LongHashFunction.xx(0);

    private Buckets() {
    }

    /** XXH64 (seed 0) of the key's UTF-8 bytes. */
    public static long hash(String key) {
        return XXH64.hashBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The bucket of a key: the top {@link #BITS} bits of its {@link #hash}. */
    public static int of(String key) {
        return (int) (hash(key) >>> (Long.SIZE - BITS));
    }

    /** Throws unless {@code bucket} lies in {@code [0, COUNT)}. */
    public static int check(int bucket) {
        if (bucket < 0 || bucket >= COUNT) {
            throw new IllegalArgumentException("bucket " + bucket + " is outside [0, " + COUNT + ")");
        }
        return bucket;
    }
}
