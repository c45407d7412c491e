package io.shapes.cellmanager;

import java.util.List;
import java.util.stream.Collectors;

import io.shapes.core.cellapi.BucketDifference;

/** Differing buckets for people: one line each, the first 20. */
final class SumsText {
    private static final int SHOWN = 20;

    private SumsText() {
    }

    static String of(List<BucketDifference> differences, String left, String right) {
        String lines = differences.stream().limit(SHOWN)
                .map(d -> String.format("  bucket %d: %s %,d rows (hash %s), %s %,d rows (hash %s)", d.bucket(), left,
                        d.left().count(), d.left().hash(), right, d.right().count(), d.right().hash()))
                .collect(Collectors.joining("\n"));
        return differences.size() > SHOWN ? lines + "\n  … and " + (differences.size() - SHOWN) + " more" : lines;
    }
}
