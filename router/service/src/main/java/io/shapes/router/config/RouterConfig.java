package io.shapes.router.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything a router is configured with; a bad value stops it at start with the key named. */
@ConfigMapping(prefix = "shapes.router")
public interface RouterConfig {
    String name();

    /** Where the router keeps its copy of the last good snapshot, to start while the publication is unreachable. */
    String stateDir();

    /**
     * The operator's token for the public admin calls. A secret: {@code SHAPES_ROUTER_ADMIN_TOKEN} or the file named
     * by {@code SHAPES_ROUTER_ADMIN_TOKEN_FILE}, never a {@code -D} argument.
     */
    String adminToken();

    /**
     * The cells' data-plane token, presented as {@code Authorization: Bearer}: it puts, gets and counts, and opens
     * no admin endpoint of a cell. A secret, given like {@link #adminToken()}.
     */
    String cellDataToken();

    List<String> types();

    /** Every request is answered within this time. */
    @WithDefault("2s")
    Duration requestDeadline();

    Publication publication();

    Cells cells();

    Limits limits();

    Edge edge();

    /**
     * The public HTTP edge. The body limit and the idle timeout and connection limit are applied by the HTTP server
     * ({@code quarkus.http.limits.max-body-size}, {@code quarkus.http.idle-timeout},
     * {@code quarkus.http.limits.max-connections}), set from these values; the production defaults are in
     * application.properties.
     */
    interface Edge {
        /** The largest request body, enforced while the body streams in (chunked bodies too). */
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** A connection with no traffic for this long is closed. */
        Duration idleTimeout();

        /** A request whose body has not fully arrived this long after its headers gets 408 and its connection closed. */
        Duration bodyReadTimeout();

        /** Open connections at most; more are refused at accept. */
        int maxConnections();
    }

    /**
     * The published routing snapshot (static files: {@code manifest.json}, {@code segments/<sha256>}). Its manifest
     * is fetched every period, whatever happened (constant work); a segment only when its hash is new.
     */
    interface Publication {
        /** Where the publication is served, e.g. {@code http://snapshot:8080/}. */
        java.net.URI url();

        @WithDefault("1s")
        Duration period();

        /** Each fetch of the manifest or a segment gives up after this long. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** One guard per cell: timeout, bulkhead, circuit breaker (router README, "Failure detection"). */
    interface Cells {
        @WithDefault("1s")
        Duration timeout();

        /** The breaker weighs the outcomes of the last this long. */
        @WithDefault("1s")
        Duration breakerWindow();

        /** At this share of failures in the window, a failure makes the cell suspect: it is probed at once. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** This many failures in the window, at the ratio, open the breaker without waiting for the probe. */
        @WithDefault("10")
        int breakerFailures();

        /** How long an open breaker refuses calls before it probes the cell. */
        @WithDefault("2s")
        Duration breakerDelay();

        /** A probe ({@code GET /internal/v1/health}) not answered within this long failed. */
        @WithDefault("500ms")
        Duration probeTimeout();

        @WithDefault("256")
        int bulkhead();

        /**
         * Under {@code type}, a keyed put first asks the cells of the tenant's other types about its key; a cell that
         * has not answered within this long is skipped.
         */
        @WithDefault("250ms")
        Duration keyCheckTimeout();
    }

    /** Load shedding and per-tenant rate limits. */
    interface Limits {
        /** Starting point of the adaptive router-wide concurrency limit. */
        @WithDefault("256")
        int initialConcurrency();

        @WithDefault("2048")
        int maxConcurrency();

        /**
         * The floor of the adaptive limit: below it the router never sheds. The limit learns only while at least
         * half of it is in flight: it falls while those requests are slow and grows while they are fast. At light load
         * the pauses behind the router (a collection, a checkpoint, a cell restarting) are the only times it learns, so
         * it only falls; without a floor high enough it settles where the next pause sheds. At 1,000 requests a second,
         * 128 in flight rides out a pause of about 130 ms behind the router without refusing anyone.
         */
        @WithDefault("128")
        int minConcurrency();

        /** Requests per second per tenant unless the control store overrides it. */
        @WithDefault("2000")
        int tenantRatePerSecond();
    }
}
