package io.shapes.router.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.core.ShapeTypes;
import io.shapes.router.auth.Authenticator;
import io.shapes.router.limits.TenantRateLimits;
import io.shapes.router.routing.RoutePlanner;
import io.shapes.scatter.ScatterGather;
import io.shapes.scatter.Timer;
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
        if (config.adminToken().length() < 16 || config.internalToken().length() < 16) {
            throw new IllegalStateException("shapes.router.admin-token and shapes.router.internal-token must be at"
                    + " least 16 characters");
        }
        return new Authenticator(config.adminToken());
    }

    @Produces
    @Singleton
    TenantRateLimits rateLimits(RouterConfig config, MeterRegistry registry) {
        Counter limited = registry.counter("shapes.router.rate.limited");
        return new TenantRateLimits(config.limits().tenantRatePerSecond(), System::nanoTime, limited::increment);
    }
}
