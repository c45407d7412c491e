package io.shapes.router.auth;

import io.shapes.core.Placement;

/** Who is calling: a tenant (by its API key) or the operator (by the admin token). */
public sealed interface Caller {
    /** A tenant, and the placement its shapes live in, both from the snapshot entry of its key. */
    record Tenant(String name, Placement placement) implements Caller {
    }

    record Admin() implements Caller {
    }
}
