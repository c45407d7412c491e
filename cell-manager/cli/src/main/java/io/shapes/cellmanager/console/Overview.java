package io.shapes.cellmanager.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.MapVersions;
import io.shapes.control.Split;
import io.shapes.core.Placement;
import io.shapes.core.cellapi.BucketSum;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

/**
 * What the console shows, gathered in one look: the cells (from the map, each asked for its fill; a cell that does not
 * answer within {@link #CELL_TIMEOUT} is unhealthy), the map as bucket ranges with its history, the splits (a running
 * one with its progress against the rows its range holds on the source), the routers (their own metrics) and the
 * tenants with the most shapes. Read only: it changes nothing anywhere.
 */
final class Overview {
    static final double PRE_SCALE_LINE = 0.45;
    private static final Duration CELL_TIMEOUT = Duration.ofSeconds(1);
    private static final int RECENT_SPLITS = 8;
    private static final int MAP_HISTORY = 10;
    private final ControlStore store;
    private final CellAdminClient cells;
    private final List<RouterMetricsSource> routers;
    private final int topTenants;
    private volatile boolean controlStoreAnswers = true;

    Overview(ControlStore store, CellAdminClient cells, List<RouterMetricsSource> routers, int topTenants) {
        this.store = store;
        this.cells = cells;
        this.routers = routers;
        this.topTenants = topTenants;
    }

    /** Whether the last look reached the control store (the console's readiness). */
    boolean controlStoreAnswers() {
        return controlStoreAnswers;
    }

    Map<String, Object> look() {
        RoutingMap map;
        try {
            map = store.maps().latest().orElse(null);
            controlStoreAnswers = true;
        } catch (RuntimeException e) {
            controlStoreAnswers = false;
            throw e;
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("at", Instant.now().toString());
        document.put("preScaleLine", PRE_SCALE_LINE);
        List<Map<String, Object>> routerViews = routers.stream().map(RouterMetricsSource::look).toList();
        document.put("cells", map == null ? List.of() : cells(map, routerViews));
        document.put("map", map == null ? null : map(map));
        document.put("splits", splits(map));
        document.put("routers", routerViews);
        document.put("tenants", map == null ? List.of() : tenants(map));
        return document;
    }

    private List<Map<String, Object>> cells(RoutingMap map, List<Map<String, Object>> routerViews) {
        Map<String, CompletableFuture<CellInfo>> asked = new LinkedHashMap<>();
        map.cells().forEach(cell -> asked.put(cell.name(), cells.info(cell.url())));
        List<Map<String, Object>> views = new ArrayList<>();
        for (CellRef cell : map.cells()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", cell.name());
            view.put("url", cell.url().toString());
            view.put("state", cell.state().name().toLowerCase());
            CellInfo info = answer(asked.get(cell.name()));
            view.put("healthy", info != null);
            view.put("shapes", info == null ? null : info.shapes());
            view.put("capacity", info == null ? null : info.capacity());
            view.put("fill", info == null ? null : info.fillRatio());
            Map<String, Object> breakers = new LinkedHashMap<>();
            for (Map<String, Object> router : routerViews) {
                Object open = router.get("breakersOpen") instanceof List<?> list ? list.contains(cell.name()) : null;
                breakers.put((String) router.get("name"), open);
            }
            view.put("breakerOpenAt", breakers);
            views.add(view);
        }
        return views;
    }

    private Map<String, Object> map(RoutingMap map) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", map.version());
        view.put("scheme", map.scheme().wireName());
        List<Map<String, Object>> strip = new ArrayList<>();
        for (RangeAssignment range : map.ranges()) {
            strip.add(Map.of("from", range.from(), "to", range.to(), "cell", range.cell()));
        }
        view.put("strip", strip);
        List<MapVersions.Entry> history = store.maps().history();
        view.put("history", history.subList(Math.max(0, history.size() - MAP_HISTORY), history.size()).stream()
                .map(entry -> Map.of("version", entry.version(), "createdAt", entry.createdAt().toString(),
                        "reason", String.valueOf(entry.reason())))
                .toList());
        return view;
    }

    private List<Map<String, Object>> splits(RoutingMap map) {
        List<Split> all = store.splits().all();
        List<Map<String, Object>> views = new ArrayList<>();
        for (Split split : all.subList(Math.max(0, all.size() - RECENT_SPLITS), all.size())) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", split.id());
            view.put("source", split.source());
            view.put("target", split.target());
            view.put("range", split.range().from() + "-" + split.range().to());
            view.put("phase", split.phase().wireName());
            view.put("running", !split.phase().isFinished());
            view.put("rowsCopied", split.rowsCopied());
            double seconds = Math.max(0.001, Duration.between(split.startedAt(), split.updatedAt()).toMillis() / 1000.0);
            double rate = split.rowsCopied() / seconds;
            view.put("rowsPerSecond", Math.round(rate));
            Long rows = split.phase().isFinished() || map == null ? null : rowsOnSource(map, split);
            view.put("rowsInRange", rows);
            view.put("progress", split.phase().isFinished() ? 1.0
                    : rows == null || rows == 0 ? null : Math.min(1.0, split.rowsCopied() / (double) rows));
            view.put("etaSeconds", rows == null || rate <= 0 || split.rowsCopied() >= rows ? null
                    : Math.round((rows - split.rowsCopied()) / rate));
            view.put("writePauseMs", split.writePauseMs());
            view.put("startedAt", split.startedAt().toString());
            views.add(view);
        }
        java.util.Collections.reverse(views);
        return views;
    }

    private Long rowsOnSource(RoutingMap map, Split split) {
        URI source = map.cell(split.source()).map(CellRef::url).orElse(null);
        if (source == null) {
            return null;
        }
        RangeSums sums = answer(cells.keptSums(source, split.range()));
        return sums == null ? null : sums.buckets().stream().mapToLong(BucketSum::count).sum();
    }

    private List<Map<String, Object>> tenants(RoutingMap map) {
        Map<String, CompletableFuture<List<TenantShapes>>> asked = new LinkedHashMap<>();
        map.cells().forEach(cell -> asked.put(cell.name(), cells.largestTenants(cell.url(), topTenants)));
        Map<String, Map<String, Long>> perTenant = new LinkedHashMap<>();
        asked.forEach((cell, answer) -> {
            List<TenantShapes> largest = answer(answer);
            if (largest != null) {
                largest.forEach(t -> perTenant.computeIfAbsent(t.tenant(), k -> new LinkedHashMap<>()).put(cell, t.shapes()));
            }
        });
        List<Map<String, Object>> views = new ArrayList<>();
        perTenant.forEach((tenant, shapes) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("tenant", tenant);
            view.put("shapes", shapes.values().stream().mapToLong(Long::longValue).sum());
            view.put("shapesPerCell", shapes);
            view.put("width", width(tenant));
            views.add(view);
        });
        views.sort((a, b) -> Long.compare((long) b.get("shapes"), (long) a.get("shapes")));
        return views.subList(0, Math.min(topTenants, views.size()));
    }

    private Integer width(String tenant) {
        try {
            Placement placement = store.tenants().placement(tenant);
            return placement == null ? null : placement.width();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <T> T answer(CompletableFuture<T> call) {
        try {
            return call.get(CELL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            call.cancel(true);
            return null;
        }
    }
}
