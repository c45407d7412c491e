package io.shapes.it;

import io.shapes.core.Scheme;

/** The public API when cells are chosen by id range: see DESIGN.md's scheme table for the fan-outs. */
class IdRangeSchemeApiTest extends PublicApiContract {
    @Override
    Scheme scheme() {
        return Scheme.ID_RANGE;
    }

    @Override
    int cellsPerTypeCount() {
        return 3;
    }

    @Override
    int cellsPerAllTypesCount() {
        return 3;
    }

    @Override
    int cellsPerGlobalCount() {
        return 3;
    }
}
