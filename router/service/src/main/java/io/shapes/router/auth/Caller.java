package io.shapes.router.auth;

/** Who is calling: a tenant (by its API key) or the operator (by the admin token). */
public sealed interface Caller {
    record Tenant(String name) implements Caller {
    }

    record Admin() implements Caller {
    }
}
