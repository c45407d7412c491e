package io.shapes.router.config;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.core.Secrets;
import io.shapes.core.ShapeTypes;
import io.shapes.router.auth.Authenticator;
import io.shapes.router.limits.TenantRateLimits;
import io.shapes.router.routing.RoutePlanner;
import io.shapes.scatter.ScatterGather;
import io.shapes.scatter.Timer;
import io.shapes.web.FailedAuthentications;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The router's plain (framework-free) parts, built once from its configuration. */
public class Beans {
    @Produces
    @Singleton
    ShapeTypes types(RouterConfig config) {
        return new ShapeTypes(config.types());
    }

    @Produces
    @Singleton
    RoutePlanner planner(ShapeTypes types) {
        return new RoutePlanner(types);
    }

    @Produces
    @Singleton
    ScatterGather scatterGather() {
        return new ScatterGather(Timer.system());
    }

    @Produces
    @Singleton
    Authenticator authenticator(RouterConfig config) {
        Secrets.requireNotOnCommandLine(Secrets.ownArguments(), List.of("shapes.router.admin-token",
                "shapes.router.cell-data-token"));
        Secrets.requireStrongToken("shapes.router.admin-token", config.adminToken());
        Secrets.requireStrongToken("shapes.router.cell-data-token", config.cellDataToken());
        return new Authenticator(config.adminToken());
    }

    @Produces
    @Singleton
    FailedAuthentications failedAuthentications(MeterRegistry registry) {
        Counter failed = registry.counter("shapes.router.requests.unauthenticated");
        return new FailedAuthentications(1000, System::nanoTime, failed::increment);
    }

    @Produces
    @Singleton
    TenantRateLimits rateLimits(RouterConfig config, MeterRegistry registry) {
        Counter limited = registry.counter("shapes.router.rate.limited");
        return new TenantRateLimits(config.limits().tenantRatePerSecond(), System::nanoTime, limited::increment);
    }
}
