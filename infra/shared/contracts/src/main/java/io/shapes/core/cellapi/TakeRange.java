package io.shapes.core.cellapi;

import java.util.List;

/**
 * Body of {@code POST /internal/v1/ranges/{range}/take}: a split's last rows, and the digest of the fenced source's
 * kept sums of the range that the target's must equal, after importing them, before it owns the range.
 */
public record TakeRange(List<ShapeRow> rows, RangeDigest expected) {
}
