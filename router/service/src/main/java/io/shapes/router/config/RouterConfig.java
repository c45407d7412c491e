package io.shapes.router.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything a router is configured with; a bad value stops it at start with the key named. */
@ConfigMapping(prefix = "shapes.router")
public interface RouterConfig {
    String name();

    /** Where the router keeps the last good map (and key hashes), to start while the control store is down. */
    String stateDir();

    String adminToken();

    /** Presented to cells as {@code Authorization: Bearer}. */
    String internalToken();

    List<String> types();

    /** Every request is answered within this time. */
    @WithDefault("2s")
    Duration requestDeadline();

    ControlDb controlDb();

    Cells cells();

    Limits limits();

    /** The control store, read in full on a fixed period (constant work). */
    interface ControlDb {
        String url();

        String user();

        String password();

        @WithDefault("1s")
        Duration refreshPeriod();
    }

    /** One guard per cell: timeout, circuit breaker, bulkhead. */
    interface Cells {
        @WithDefault("1s")
        Duration timeout();

        @WithDefault("10")
        int breakerRequestVolume();

        @WithDefault("0.5")
        double breakerFailureRatio();

        @WithDefault("2s")
        Duration breakerDelay();

        @WithDefault("256")
        int bulkhead();
    }

    /** Load shedding and per-tenant rate limits. */
    interface Limits {
        /** Starting point of the adaptive router-wide concurrency limit. */
        @WithDefault("256")
        int initialConcurrency();

        @WithDefault("2048")
        int maxConcurrency();

        /** Requests per second per tenant unless the control store overrides it. */
        @WithDefault("2000")
        int tenantRatePerSecond();
    }
}
