package io.shapes.it;

import io.shapes.core.Scheme;

/**
 * The public API when cells are chosen by tenant, at the default shard size 2: a tenant's counts reach the 2 cells of
 * its placement. See DESIGN.md's scheme table for the fan-outs.
 */
class TenantSchemeApiTest extends PublicApiContract {
    @Override
    Scheme scheme() {
        return Scheme.TENANT;
    }

    @Override
    int cellsPerTypeCount() {
        return 2;
    }

    @Override
    int cellsPerAllTypesCount() {
        return 2;
    }

    @Override
    int cellsPerGlobalCount() {
        return 3;
    }
}
