package io.shapes.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.Deployment;
import io.shapes.control.Tenants;
import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;

/**
 * Creates tenants in their placement and widens it: the one code path for {@code tenant create}, {@code tenant
 * spread} and the deployment library. Reads the current map and asks every cell its fill, then lets
 * {@link PlacementChoice} decide.
 */
public final class TenantPlacements {
    private final ControlStore store;
    private final CellAdminClient admin;

    public TenantPlacements(ControlStore store, CellAdminClient admin) {
        this.store = store;
        this.admin = admin;
    }

    /** What a widening did. */
    public record Widening(String tenant, Placement before, Placement after) {
    }

    /**
     * Creates the tenant and issues its first key. Under {@code tenant} its placement has the deployment's shard size
     * (fewer while the map has fewer active cells). With shard size 1, or under the other schemes, the tenant has no stored
     * placement: its shapes live in its hashed bucket, as before placements existed.
     */
    public Tenants.IssuedKey create(String tenant) {
        Deployment deployment = store.deployment().require();
        RoutingMap map = store.maps().latest().orElseThrow();
        if (deployment.scheme() != Scheme.TENANT || deployment.shardSize() == 1 || map.isEmpty()) {
            return store.tenants().create(tenant);
        }
        int width = Math.max(1, Math.min(deployment.shardSize(), PlacementChoice.placeable(map).size()));
        return store.tenants().create(tenant, PlacementChoice.widen(tenant, null, width, map, fills(map)));
    }

    /** Widens the tenant's placement to {@code width} buckets; a width that is not wider is refused, saying why. */
    public Widening spread(String tenant, int width) {
        Deployment deployment = store.deployment().require();
        if (deployment.scheme() != Scheme.TENANT) {
            throw new IllegalStateException("tenants have placements under the tenant scheme; this deployment runs "
                    + deployment.scheme().wireName());
        }
        Placement before = store.tenants().placement(tenant);
        if (width <= before.width()) {
            throw new IllegalArgumentException("tenant " + tenant + " has width " + before.width() + "; placements only"
                    + " grow, because shapes already live in every bucket of it (" + width + " is not wider)");
        }
        RoutingMap map = store.maps().latest().orElseThrow();
        Placement after = PlacementChoice.widen(tenant, before, width, map, fills(map));
        store.tenants().widen(tenant, before, after);
        return new Widening(tenant, before, after);
    }

    /** Each cell's fill, asked of all cells at once; a cell that does not answer is left out (counts as full). */
    public Map<String, Double> fills(RoutingMap map) {
        Map<String, CompletableFuture<Double>> asked = new LinkedHashMap<>();
        for (CellRef cell : map.cells()) {
            asked.put(cell.name(), admin.info(cell.url()).thenApply(info -> info.fillRatio())
                    .exceptionally(error -> null));
        }
        Map<String, Double> fills = new LinkedHashMap<>();
        asked.forEach((cell, fill) -> {
            Double ratio = fill.join();
            if (ratio != null) {
                fills.put(cell, ratio);
            }
        });
        return fills;
    }
}
