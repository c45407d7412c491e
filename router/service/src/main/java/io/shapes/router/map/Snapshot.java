package io.shapes.router.map;

import java.util.Map;

import io.shapes.core.map.RoutingMap;

/**
 * Everything a router needs from the control store, loaded whole and replaced whole (constant work): the map, the
 * active API key hashes with their tenants, and per-tenant rate limits.
 */
public record Snapshot(RoutingMap map, Map<String, String> keyHashes, Map<String, Integer> rateLimits) {
    public Snapshot {
        keyHashes = Map.copyOf(keyHashes);
        rateLimits = Map.copyOf(rateLimits);
    }
}
