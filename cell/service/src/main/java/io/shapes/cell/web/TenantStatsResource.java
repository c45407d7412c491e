package io.shapes.cell.web;

import java.util.ArrayList;
import java.util.List;

import io.shapes.cell.data.ShapeStore;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.web.RequestInput;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Per-tenant statistics for the control plane (admin token): where a tenant's shapes lie in this cell, and which
 * tenants hold the most of it (whales to spread). Only buckets the cell serves are counted.
 */
@Path("/internal/v1/stats/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantStatsResource {
    private static final int MAX_LIMIT = 1000;
    private final ShapeStore store;

    public TenantStatsResource(ShapeStore store) {
        this.store = store;
    }

    @GET
    public Uni<List<TenantShapes>> largest(@QueryParam("limit") String limit) {
        return store.largestTenants(limit(limit)).map(rows -> rows.stream()
                .map(row -> new TenantShapes(row.getString(0), row.getLong(1), List.of())).toList());
    }

    static int limit(String limit) {
        long n = RequestInput.nonNegative("limit", limit, 10);
        if (n < 1 || n > MAX_LIMIT) {
            throw RequestInput.invalid("query parameter 'limit' must be 1 to " + MAX_LIMIT);
        }
        return (int) n;
    }

    @GET
    @Path("/{tenant}")
    public Uni<TenantShapes> tenant(@PathParam("tenant") String tenant) {
        String valid = RequestInput.tenant(tenant);
        return store.tenantBuckets(valid).map(rows -> {
            List<TenantShapes.BucketShapes> buckets = new ArrayList<>();
            rows.forEach(row -> buckets.add(new TenantShapes.BucketShapes(row.getInteger(0), row.getLong(1))));
            return new TenantShapes(valid, buckets.stream().mapToLong(TenantShapes.BucketShapes::shapes).sum(), buckets);
        });
    }
}
