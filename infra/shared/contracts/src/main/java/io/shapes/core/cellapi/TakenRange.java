package io.shapes.core.cellapi;

import java.util.List;

/**
 * The answer to {@code POST /internal/v1/ranges/{range}/take}: how many rows of the batch were new, the digest of the
 * range's kept sums after them, whether it equalled the expected one (and the cell now owns the range), and the
 * cell's ownership. A split's last import, its fenced verify and the target's take-over in one round trip.
 */
public record TakenRange(int received, int inserted, RangeDigest digest, boolean taken,
        List<RangeOwnership> ownership) {
}
