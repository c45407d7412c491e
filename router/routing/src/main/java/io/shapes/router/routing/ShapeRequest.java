package io.shapes.router.routing;

import java.util.Optional;

import io.shapes.core.ShapeId;

/**
 * What a client asked for, as the router's planner needs it. A put already carries the id the router chose
 * (its bucket decides the cell), so planning stays a pure function.
 */
public sealed interface ShapeRequest {
    record Put(String tenant, String type, Optional<String> idempotencyKey, ShapeId id) implements ShapeRequest {
    }

    record Get(String tenant, ShapeId id) implements ShapeRequest {
    }

    record Count(String tenant, String type) implements ShapeRequest {
    }

    record CountAllTypes(String tenant) implements ShapeRequest {
    }

    /** Admin: one type over all tenants. */
    record GlobalCount(String type) implements ShapeRequest {
    }
}
