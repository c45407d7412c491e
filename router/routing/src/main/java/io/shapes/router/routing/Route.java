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

    /**
     * A keyed put under {@code type}: the cells of the tenant's other types are asked first whether the key is taken
     * there (an idempotency key belongs to the tenant, its shapes to the cells of their types), then {@code put} runs
     * unless it is.
     */
    record KeyChecked(OneCell put, List<String> askFirst, long mapVersion) implements Route {
        public KeyChecked {
            askFirst = List.copyOf(askFirst);
        }
    }

    /**
     * A new shape may go to any of these (cell, bucket) choices, in this order: the next only when the one before
     * provably did not take the write (DESIGN.md, "Placement width"). The executor tries healthy cells first.
     */
    record AnyOf(List<OneCell> choices, long mapVersion) implements Route {
        public AnyOf {
            choices = List.copyOf(choices);
        }
    }

    /** Every target answers for its own buckets; the answers are combined by {@code merge}. */
    record Scatter(List<Target> targets, Merge merge, long mapVersion) implements Route {
        public Scatter {
            targets = List.copyOf(targets);
        }

        /** Each cell counts whatever buckets it serves. */
        public static Scatter over(List<String> cells, Merge merge, long mapVersion) {
            return new Scatter(cells.stream().map(cell -> new Target(cell, List.of())).toList(), merge, mapVersion);
        }

        public List<String> cells() {
            return targets.stream().map(Target::cell).toList();
        }
    }

    /**
     * A cell of a scatter and the buckets it is asked for, which it must serve (else {@code 421}: the router's map is
     * behind). No buckets: the cell counts every bucket it serves.
     */
    record Target(String cell, List<Integer> buckets) {
        public Target {
            buckets = List.copyOf(buckets);
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
