package io.shapes.router.cells;

import java.time.Duration;

import io.shapes.router.config.RouterConfig;

/**
 * Cells' settings for the router's tests: the defaults of RouterConfig, but a breaker that waits 30 s before it probes
 * again (a test decides when time passes) and the bulkhead a test chooses.
 */
final class TestCellSettings {
    private TestCellSettings() {
    }

    static RouterConfig.Cells withBulkhead(int bulkhead) {
        return new RouterConfig.Cells() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration breakerWindow() {
                return Duration.ofSeconds(1);
            }

            @Override
            public double breakerFailureRatio() {
                return 0.5;
            }

            @Override
            public int breakerFailures() {
                return 10;
            }

            @Override
            public Duration breakerDelay() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration probeTimeout() {
                return Duration.ofMillis(500);
            }

            @Override
            public int bulkhead() {
                return bulkhead;
            }

            @Override
            public Duration keyCheckTimeout() {
                return Duration.ofMillis(250);
            }
        };
    }
}
