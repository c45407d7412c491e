package io.shapes.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered buckets that hold a key's shapes (DESIGN.md, "Placement width"): the tenant under {@code tenant},
 * chosen by the control plane, stored, published with the tenant's keys. A key with no stored placement has the
 * default, its single hashed bucket. Placements only grow: a widened placement keeps its buckets in order and
 * appends new ones.
 */
public record Placement(List<Integer> buckets) {
    /** A width no deployment needs: more buckets than this are refused as input. */
    public static final int MAX_WIDTH = 1024;

    public Placement {
        buckets = List.copyOf(buckets);
        if (buckets.isEmpty() || buckets.size() > MAX_WIDTH) {
            throw new IllegalArgumentException("a placement holds 1 to " + MAX_WIDTH + " buckets, not " + buckets.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (int bucket : buckets) {
            Buckets.check(bucket);
            if (!seen.add(bucket)) {
                throw new IllegalArgumentException("bucket " + bucket + " appears twice in a placement");
            }
        }
    }

    /** The placement of a key with none stored: its hashed bucket, where it lived before placements existed. */
    public static Placement defaultFor(String key) {
        return new Placement(List.of(Buckets.of(key)));
    }

    public int width() {
        return buckets.size();
    }

    public boolean holds(int bucket) {
        return buckets.contains(bucket);
    }

    /** The i-th bucket, in the order the placement was built. */
    public int bucket(int index) {
        return buckets.get(index);
    }

    /**
     * The bucket of a put under an idempotency key: the same for every retry of the key, so it can be written only
     * once (jump consistent hash over the width: widening moves only the keys that now pick a new bucket).
     */
    public int keyedBucket(String tenant, String idempotencyKey) {
        return buckets.get(jump(Buckets.hash(tenant + '\n' + idempotencyKey), width()));
    }

    /** This placement with {@code more} appended. */
    public Placement widenedBy(List<Integer> more) {
        List<Integer> all = new ArrayList<>(buckets);
        all.addAll(more);
        return new Placement(all);
    }

    /** Jump consistent hash (Lamping and Veach, 2014): {@code key} to {@code [0, n)}. */
    static int jump(long key, int n) {
        long b = -1;
        long j = 0;
        while (j < n) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
