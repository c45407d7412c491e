package io.shapes.core.cellapi;

import java.util.List;

/** Body of {@code POST /internal/v1/import}: rows copied from another cell. */
public record ImportBatch(List<ShapeRow> rows) {
}
