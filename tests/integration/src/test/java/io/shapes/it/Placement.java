package io.shapes.it;

import io.shapes.core.Buckets;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.LocalDeployment;

/**
 * Which tenants live where under the tenant scheme with shard size 1 (each tenant in its hashed bucket): the test
 * picks tenants by the cell it wants to hurt.
 */
final class Placement {
    private Placement() {
    }

    /** The first tenant named {@code prefix-N} whose bucket the current map gives to {@code cell}. */
    static String tenantOn(LocalDeployment deployment, String cell, String prefix) {
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        for (int i = 0; i < 10_000; i++) {
            String tenant = prefix + "-" + i;
            if (map.cellFor(Buckets.of(tenant)).orElseThrow().equals(cell)) {
                return tenant;
            }
        }
        throw new IllegalStateException("no tenant " + prefix + "-N lands on " + cell);
    }
}
