package io.shapes.cellmanager.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.shapes.control.SplitsInFlight;
import io.shapes.snapshot.Manifest;

/**
 * What the publisher sees of the control plane, for Prometheus at {@code /metrics} of its file server: whether the
 * control store answers, how long ago it last did, the published versions, and the splits in flight with the longest
 * time one of them has spent in its phase. The publisher is the one process that reads the control store all the
 * time, so it is where an unreachable control store and a stuck split show first.
 */
public final class PublisherMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter failedLooks;
    private volatile boolean answering;
    private volatile long lastAnswerNanos = System.nanoTime();
    private volatile long publicationVersion;
    private volatile long mapVersion;
    private volatile SplitsInFlight splits = SplitsInFlight.NONE;

    public PublisherMetrics() {
        Gauge.builder("shapes.control.store.up", this, m -> m.answering ? 1 : 0)
                .description("1 when the publisher's last look at the control store succeeded, else 0")
                .register(registry);
        Gauge.builder("shapes.control.store.last.answer.age", this, m -> (System.nanoTime() - m.lastAnswerNanos) / 1e9)
                .baseUnit("seconds").description("time since the control store last answered the publisher")
                .register(registry);
        Gauge.builder("shapes.publication.version", this, m -> m.publicationVersion)
                .description("the version of the routing snapshot this publisher serves").register(registry);
        Gauge.builder("shapes.publication.map.version", this, m -> m.mapVersion)
                .description("the map version in the routing snapshot this publisher serves").register(registry);
        Gauge.builder("shapes.splits.running", this, m -> m.splits.running())
                .description("splits started and not yet done or aborted").register(registry);
        Gauge.builder("shapes.split.longest.in.phase", this, m -> m.splits.longestInPhaseSeconds())
                .baseUnit("seconds").description("the longest time a running split has spent in its current phase")
                .register(registry);
        failedLooks = Counter.builder("shapes.publisher.looks.failed")
                .description("looks at the control store that failed").register(registry);
    }

    /** A look that succeeded: what it published, if anything, and the splits it saw. */
    void answered(Manifest published, SplitsInFlight inFlight) {
        if (published != null) {
            publicationVersion = published.version();
            mapVersion = published.mapVersion();
        }
        splits = inFlight;
        lastAnswerNanos = System.nanoTime();
        answering = true;
    }

    /** A look that failed: the control store did not answer, or the publication could not be written. */
    void failed() {
        answering = false;
        failedLooks.increment();
    }

    /** Every metric in Prometheus's text format. */
    String scrape() {
        return registry.scrape();
    }
}
