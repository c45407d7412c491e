package io.shapes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void hashIsXxh64WithSeedZero() {
        // Reference vectors of XXH64, seed 0, from the xxHash specification's test suite.
        assertEquals(0xEF46DB3751D8E999L, Buckets.hash(""), "XXH64('')");
        assertEquals(0xD24EC4F1A98C6E5BL, Buckets.hash("a"), "XXH64('a')");
        assertEquals(0x44BC2CF5AD770999L, Buckets.hash("abc"), "XXH64('abc')");
    }

    @Test
    void bucketsOfFixedKeysNeverChange() {
        // Wire contract: router, cells and cell-manager must agree forever on these.
        assertEquals((int) (0xEF46DB3751D8E999L >>> 50), Buckets.of(""));
        assertEquals((int) (0xD24EC4F1A98C6E5BL >>> 50), Buckets.of("a"));
        // The top 14 bits of XXH64 (seed 0) of each key's UTF-8 bytes, computed apart from this code base (a
        // separate implementation of the xxHash specification, checked against the vectors above).
        Map<String, Integer> pinned = Map.of("demo", 15350, "acme", 11974, "triangle", 7840, "circle", 1572,
                "rhombus", 4278, "square", 7896, "ünïcode", 11261);
        pinned.forEach((key, bucket) -> assertEquals(bucket, Buckets.of(key), "bucket of '" + key + "'"));
    }

    @Test
    void bucketsSpreadEvenly() {
        int[] perQuarter = new int[4];
        for (int i = 0; i < 40_000; i++) {
            perQuarter[Buckets.of("tenant-" + i) / (Buckets.COUNT / 4)]++;
        }
        for (int count : perQuarter) {
            assertEquals(10_000, count, 500, "each quarter of the bucket space gets ~1/4 of the keys");
        }
    }

    @Test
    void checkRejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Buckets.check(-1));
        assertThrows(IllegalArgumentException.class, () -> Buckets.check(Buckets.COUNT));
        assertEquals(Buckets.COUNT - 1, Buckets.check(Buckets.COUNT - 1));
    }
}
