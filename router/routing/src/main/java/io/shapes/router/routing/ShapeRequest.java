package io.shapes.router.routing;

import java.util.Optional;

import io.shapes.core.Placement;
import io.shapes.core.ShapeId;

/**
 * What a client asked for, as the router's planner needs it. Tenant requests carry the tenant's placement (from the
 * snapshot entry of its key). A put already carries the id the router chose (its bucket is the first choice), so
 * planning stays a pure function.
 */
public sealed interface ShapeRequest {
    record Put(String tenant, String type, Optional<String> idempotencyKey, Placement placement, ShapeId id)
            implements ShapeRequest {
        /** The same put with its id moved to {@code bucket}: a failover keeps the id's random bits. */
        public Put inBucket(int bucket) {
            return new Put(tenant, type, idempotencyKey, placement, ShapeId.of(bucket, id.value()));
        }
    }

    record Get(String tenant, Placement placement, ShapeId id) implements ShapeRequest {
    }

    record Count(String tenant, Placement placement, String type) implements ShapeRequest {
    }

    record CountAllTypes(String tenant, Placement placement) implements ShapeRequest {
    }

    /** Admin: one type over all tenants. */
    record GlobalCount(String type) implements ShapeRequest {
    }
}
