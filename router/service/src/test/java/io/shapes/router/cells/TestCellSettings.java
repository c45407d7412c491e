package io.shapes.router.cells;

import java.time.Duration;

import io.shapes.router.config.RouterConfig;

/**
 * Cells' settings for the router's tests: the defaults of RouterConfig, but a breaker that waits 30 s before it probes
 * again (a test decides when time passes) and the bulkhead a test chooses.
 */
record TestCellSettings(Duration timeout, Duration breakerWindow, double breakerFailureRatio, int breakerFailures,
        Duration breakerDelay, Duration probeTimeout, int bulkhead, Duration keyCheckTimeout)
        implements RouterConfig.Cells {

    static RouterConfig.Cells withBulkhead(int bulkhead) {
        return new TestCellSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 10, Duration.ofSeconds(30),
                Duration.ofMillis(500), bulkhead, Duration.ofMillis(250));
    }
}
