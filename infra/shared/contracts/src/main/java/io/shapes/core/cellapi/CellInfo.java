package io.shapes.core.cellapi;

import java.util.List;

import io.shapes.core.Scheme;

/** {@code GET /internal/v1/info}: what a cell is, holds and owns. */
public record CellInfo(String name, Scheme scheme, long capacity, long shapes, double fillRatio,
        List<RangeOwnership> ranges, long mapVersion) {
}
