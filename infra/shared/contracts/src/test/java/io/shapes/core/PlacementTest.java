package io.shapes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlacementTest {
    @Test
    void theDefaultIsTheHashedBucket() {
        assertEquals(List.of(11974), Placement.defaultFor("acme").buckets());
    }

    @Test
    void refusesEmptyRepeatedOrInvalidBuckets() {
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new Placement(List.of(Buckets.COUNT)));
    }

    @Test
    void widenedKeysOnlyMoveToTheNewBuckets() {
        List<Integer> narrow = List.of(100, 200, 300, 400);
        Placement before = new Placement(narrow);
        Placement after = before.widenedBy(List.of(500, 600, 700, 800));
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String key = "key-" + i;
            int was = before.keyedBucket("acme", key);
            int now = after.keyedBucket("acme", key);
            if (was != now) {
                moved++;
                assertTrue(now >= 500, "a key that moves goes to a new bucket, not to another old one: " + key);
            }
        }
        assertTrue(moved > 4_500 && moved < 5_500, "about half the keys move from 4 to 8 buckets, moved " + moved);
    }

    @Test
    void keysSpreadEvenlyOverTheWidth() {
        Placement placement = new Placement(List.of(1, 2, 3, 4, 5, 6, 7, 8));
        int[] hits = new int[9];
        for (int i = 0; i < 80_000; i++) {
            hits[placement.keyedBucket("acme", "k" + i)]++;
        }
        List<Integer> counts = new ArrayList<>();
        for (int b = 1; b <= 8; b++) {
            counts.add(hits[b]);
        }
        assertTrue(counts.stream().allMatch(n -> n > 9_000 && n < 11_000), "even spread: " + counts);
    }
}
