package io.shapes.router.map;

import java.util.Map;

import io.shapes.core.map.RoutingMap;
import io.shapes.snapshot.KeyIndex;
import io.shapes.snapshot.Publication;

/**
 * Everything a router routes and authenticates by, from the published snapshot, replaced whole: the map, the active
 * API keys with their tenants, and per-tenant rate limits.
 */
public record Snapshot(RoutingMap map, KeyIndex keys, Map<String, Integer> rateLimits) {
    public Snapshot {
        rateLimits = Map.copyOf(rateLimits);
    }

    static Snapshot of(Publication publication) {
        return new Snapshot(publication.map(), publication.keys(), publication.rateLimits());
    }
}
