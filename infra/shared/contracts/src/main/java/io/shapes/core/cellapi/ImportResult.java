package io.shapes.core.cellapi;

/**
 * How many rows of a batch were new (the rest were already there: imports are idempotent), and, when the import was
 * asked for it ({@code ?digest=RANGE}), the digest of that range's kept sums after the batch; else {@code null}.
 */
public record ImportResult(int received, int inserted, RangeDigest digest) {
    public ImportResult(int received, int inserted) {
        this(received, inserted, null);
    }

    public ImportResult withDigest(RangeDigest after) {
        return new ImportResult(received, inserted, after);
    }
}
