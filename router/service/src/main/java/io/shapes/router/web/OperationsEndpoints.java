package io.shapes.router.web;

import java.util.Set;

/** The health and metrics endpoints: open without credentials, and never shed. Named exactly, never by prefix. */
final class OperationsEndpoints {
    private static final Set<String> OPEN = Set.of("/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/metrics");

    private OperationsEndpoints() {
    }

    static boolean isOpen(String path) {
        return OPEN.contains(path);
    }
}
