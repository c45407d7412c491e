package io.shapes.router.routing;

import java.util.List;

/**
 * Where a request goes, decided before anything is sent (Vitess-style plan, then execute). Printable, comparable,
 * and tested with golden tables.
 */
public sealed interface Route {
    /** The map version the route was planned from. */
    long mapVersion();

    /** Exactly one cell serves the request. */
    record OneCell(String cell, int bucket, long mapVersion) implements Route {
    }

    /** Every listed cell answers for its own buckets; the answers are combined by {@code merge}. */
    record Scatter(List<String> cells, Merge merge, long mapVersion) implements Route {
        public Scatter {
            cells = List.copyOf(cells);
        }
    }

    /**
     * The id names a bucket that the scheme could never have given this tenant's shapes: no cell is asked (a
     * crafted id must not let a tenant aim requests at a cell of its choice).
     */
    record NoSuchShape(String reason, long mapVersion) implements Route {
    }

    /** The map gives the request no cell (no cell added yet). */
    record Unroutable(String reason, long mapVersion) implements Route {
    }

    /** How scattered answers combine. Pure functions of the answers; see scatter-gather's {@code Merges}. */
    enum Merge {
        /** Counts add up. */
        SUM_COUNTS,
        /** Per-type counts add up key by key; the total is their sum. */
        SUM_COUNTS_BY_TYPE
    }
}
