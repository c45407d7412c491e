package io.shapes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BucketRuleTest {
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void tenantSchemeUsesTheTenant() {
        int bucket = BucketRule.bucketForPut(Scheme.TENANT, "acme", "circle", Optional.empty(), random);
        assertEquals(Buckets.of("acme"), bucket);
        assertEquals(Optional.of(bucket), BucketRule.bucketForCount(Scheme.TENANT, "acme", "triangle"));
        assertTrue(BucketRule.admits(Scheme.TENANT, "acme", "square", Optional.empty(), bucket));
        assertTrue(BucketRule.admits(Scheme.TENANT, "acme", "square", Optional.empty(), bucket ^ 1),
                "a tenant's placement is the control plane's: a cell stores any bucket it owns");
    }

    @Test
    void tenantSchemePutsIntoThePlacement() {
        Placement placement = new Placement(java.util.List.of(10, 2000, 9000));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(BucketRule.bucketForPut(Scheme.TENANT, placement, "acme", Optional.empty(), random));
        }
        assertEquals(Set.of(10, 2000, 9000), seen, "unkeyed puts use every bucket of the placement");
        int keyed = BucketRule.bucketForPut(Scheme.TENANT, placement, "acme", Optional.of("k-1"), random);
        assertEquals(keyed, BucketRule.bucketForPut(Scheme.TENANT, placement, "acme", Optional.of("k-1"), random),
                "a key always picks the same bucket");
        assertTrue(placement.holds(keyed));
    }

    @Test
    void typeSchemeUsesTheType() {
        int bucket = BucketRule.bucketForPut(Scheme.TYPE, "acme", "circle", Optional.of("k"), random);
        assertEquals(Buckets.of("circle"), bucket);
        assertEquals(Optional.of(bucket), BucketRule.bucketForCount(Scheme.TYPE, "other", "circle"));
    }

    @Test
    void idRangeSchemeSpreadsRandomlyButPinsIdempotentPuts() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(BucketRule.bucketForPut(Scheme.ID_RANGE, "acme", "circle", Optional.empty(), random));
        }
        assertTrue(seen.size() > 190, "random buckets under id-range, saw " + seen.size() + " distinct of 200");
        int pinned = BucketRule.bucketForPut(Scheme.ID_RANGE, "acme", "circle", Optional.of("key-1"), random);
        assertEquals(pinned, BucketRule.bucketForPut(Scheme.ID_RANGE, "acme", "square", Optional.of("key-1"), random),
                "the same tenant and key land in the same bucket whatever the body");
        assertEquals(Optional.empty(), BucketRule.bucketForCount(Scheme.ID_RANGE, "acme", "circle"));
        assertTrue(BucketRule.admits(Scheme.ID_RANGE, "acme", "circle", Optional.empty(), 5));
        assertFalse(BucketRule.admits(Scheme.ID_RANGE, "acme", "circle", Optional.of("key-1"), pinned ^ 1));
    }
}
