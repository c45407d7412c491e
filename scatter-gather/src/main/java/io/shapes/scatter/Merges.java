package io.shapes.scatter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure merge functions for gathered answers (ShardingSphere-style: counts add). */
public final class Merges {
    private Merges() {
    }

    public static long sum(List<Long> counts) {
        long total = 0;
        for (long count : counts) {
            total = Math.addExact(total, count);
        }
        return total;
    }

    /** Adds maps key by key; keys missing from a map count as zero. The result is sorted by key. */
    public static Map<String, Long> sumByKey(List<Map<String, Long>> maps) {
        Map<String, Long> total = new TreeMap<>();
        for (Map<String, Long> map : maps) {
            map.forEach((key, value) -> total.merge(key, value, Math::addExact));
        }
        return total;
    }
}
