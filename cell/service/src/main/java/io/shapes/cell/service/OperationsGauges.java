package io.shapes.cell.service;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.shapes.core.cellapi.TenantTraffic;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The gauges an operator alerts and draws on that need a look of their own, refreshed in the background so that a
 * scrape only reads numbers: whether the cell is ready (its readiness checks, as {@code /q/health/ready} answers,
 * every {@link #READINESS_EVERY_MS}), and the requests per second of its {@link #TOP_TENANTS} busiest tenants over
 * the last minute (every {@link #TENANTS_EVERY_MS}). At most that many tenant series per cell, however many tenants
 * it serves.
 */
@Singleton
public class OperationsGauges {
    public static final int TOP_TENANTS = 10;
    private static final long READINESS_EVERY_MS = 5_000;
    private static final long TENANTS_EVERY_MS = 10_000;
    private final SmallRyeHealthReporter health;
    private final TenantRequests requests;
    private final MultiGauge busiestTenants;
    private volatile boolean ready;

    public OperationsGauges(MeterRegistry registry, SmallRyeHealthReporter health, TenantRequests requests) {
        this.health = health;
        this.requests = requests;
        Gauge.builder("shapes.cell.ready", this, g -> g.ready ? 1 : 0)
                .description("1 while the cell's readiness checks pass (warmed up, database answering), else 0")
                .register(registry);
        busiestTenants = MultiGauge.builder("shapes.cell.tenant.requests.rate")
                .description("requests per second over the last minute of this cell's busiest tenants")
                .register(registry);
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(1, READINESS_EVERY_MS, id -> health.getReadinessAsync().subscribe().with(
                result -> ready = !result.isDown(), failure -> ready = false));
        vertx.setPeriodic(TENANTS_EVERY_MS, TENANTS_EVERY_MS,
                id -> Infrastructure.getDefaultWorkerPool().execute(this::refreshBusiestTenants));
    }

    public void refreshBusiestTenants() {
        List<TenantTraffic> top = requests.top(TOP_TENANTS);
        busiestTenants.register(top.stream().map(traffic -> MultiGauge.Row.of(Tags.of("tenant", traffic.tenant()),
                traffic.seconds() > 0 ? traffic.requests() / traffic.seconds() : 0)).toList(), true);
    }
}
