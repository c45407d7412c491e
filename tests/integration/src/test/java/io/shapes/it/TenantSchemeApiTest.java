package io.shapes.it;

import io.shapes.core.Scheme;

/** The public API when cells are chosen by tenant: see DESIGN.md's scheme table for the fan-outs. */
class TenantSchemeApiTest extends PublicApiContract {
    @Override
    Scheme scheme() {
        return Scheme.TENANT;
    }

    @Override
    int cellsPerTypeCount() {
        return 1;
    }

    @Override
    int cellsPerAllTypesCount() {
        return 1;
    }

    @Override
    int cellsPerGlobalCount() {
        return 3;
    }
}
