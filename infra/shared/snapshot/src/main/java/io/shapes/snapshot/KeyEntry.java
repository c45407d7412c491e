package io.shapes.snapshot;

import io.shapes.core.Placement;

/** What the publication says of an active key: its tenant, and the placement that the tenant's shapes live in. */
public record KeyEntry(String tenant, Placement placement) {
    /** A key of a tenant with the default placement, its hashed bucket. */
    public static KeyEntry of(String tenant) {
        return new KeyEntry(tenant, Placement.defaultFor(tenant));
    }
}
