package io.shapes.core.cellapi;

import java.util.Map;

/** Count bodies, as cells return them and the router merges them. */
public final class Counts {
    private Counts() {
    }

    /** Shapes of one type of one tenant. */
    public record TenantType(String tenant, String type, long count) {
    }

    /** Shapes of one tenant, by type. */
    public record Tenant(String tenant, Map<String, Long> counts, long total) {
    }

    /** Shapes of one type over all tenants. */
    public record Global(String type, long count) {
    }
}
