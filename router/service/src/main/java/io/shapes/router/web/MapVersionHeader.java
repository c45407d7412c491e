package io.shapes.router.web;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.router.map.MapSource;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Every answer of the router carries {@code X-Shapes-Map-Version} (API.md section 1), those of the gates that refuse
 * a request before it is routed included: the first filter of all, before {@link io.shapes.web.PathGate}, sets it as
 * the answer's headers are written, unless the route already set the version it used.
 */
@Singleton
public class MapVersionHeader {
    static final String NAME = "X-Shapes-Map-Version";
    /** Before every other filter (higher runs first), {@link io.shapes.web.PathGate} included. */
    static final int PRIORITY = io.shapes.web.PathGate.PRIORITY + 1;
    private final MapSource maps;

    public MapVersionHeader(MapSource maps) {
        this.maps = maps;
    }

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            if (rc.response().headers().get(NAME) == null) {
                rc.response().putHeader(NAME, String.valueOf(maps.current().map(s -> s.map().version()).orElse(0L)));
            }
        });
        rc.next();
    }
}
