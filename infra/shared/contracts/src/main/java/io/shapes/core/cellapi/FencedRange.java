package io.shapes.core.cellapi;

import java.util.List;

/**
 * The answer to {@code POST /internal/v1/ranges/{range}/fence}: the cell's ownership after fencing the range, and
 * what a split reads from it next, final now that no write can land: the range's feed after the asked sequence number
 * (one page) and the digest of its kept per-bucket sums. One round trip instead of three inside the write pause.
 */
public record FencedRange(List<RangeOwnership> ownership, ChangePage changes, RangeDigest digest) {
}
