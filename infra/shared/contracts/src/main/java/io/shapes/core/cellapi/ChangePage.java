package io.shapes.core.cellapi;

import java.util.List;

/** A page of the migration feed: rows ordered by {@code seq}; ask again with {@code after = nextAfter}. */
public record ChangePage(List<ShapeRow> rows, long nextAfter, boolean more) {
}
