package io.shapes.it;

import io.shapes.core.Scheme;

/** The public API when cells are chosen by type: see DESIGN.md's scheme table for the fan-outs. */
class TypeSchemeApiTest extends PublicApiContract {
    @Override
    Scheme scheme() {
        return Scheme.TYPE;
    }

    @Override
    int cellsPerTypeCount() {
        return 1;
    }

    @Override
    int cellsPerAllTypesCount() {
        // circle and rhombus hash into cell-1's third of the buckets, triangle and square into cell-2's
        return 2;
    }

    @Override
    int cellsPerGlobalCount() {
        return 1;
    }
}
