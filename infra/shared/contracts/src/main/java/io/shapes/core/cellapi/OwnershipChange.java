package io.shapes.core.cellapi;

/** Body of {@code PUT /internal/v1/ownership/{from}-{to}}: the new state and the map version it belongs to. */
public record OwnershipChange(OwnershipState state, long mapVersion) {
}
