package io.shapes.snapshot;

import java.util.Map;

import io.shapes.core.map.RoutingMap;

/** A read and checked publication: everything a router routes and authenticates by. */
public record Publication(Manifest manifest, RoutingMap map, Map<String, Integer> rateLimits, KeyIndex keys) {
    public Publication {
        rateLimits = Map.copyOf(rateLimits);
    }
}
