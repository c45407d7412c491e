package io.shapes.router.web;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.shapes.router.map.MapSource;
import jakarta.inject.Singleton;

/** A router is ready once it holds a map (from the control store or from its saved copy). */
@Readiness
@Singleton
public class MapReadiness implements HealthCheck {
    private final MapSource maps;

    public MapReadiness(MapSource maps) {
        this.maps = maps;
    }

    @Override
    public HealthCheckResponse call() {
        return maps.current().map(s -> HealthCheckResponse.named("routing-map").up()
                .withData("version", s.map().version()).build())
                .orElseGet(() -> HealthCheckResponse.named("routing-map").down().build());
    }
}
