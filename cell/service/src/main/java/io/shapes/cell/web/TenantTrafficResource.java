package io.shapes.cell.web;

import java.util.List;

import io.shapes.cell.service.TenantRequests;
import io.shapes.core.cellapi.TenantTraffic;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The tenants this cell served the most puts, getShapes and counts for over the last minute (admin token). */
@Path("/internal/v1/stats/traffic")
@Produces(MediaType.APPLICATION_JSON)
public class TenantTrafficResource {
    private final TenantRequests requests;

    public TenantTrafficResource(TenantRequests requests) {
        this.requests = requests;
    }

    @GET
    public List<TenantTraffic> busiest(@QueryParam("limit") String limit) {
        return requests.top(TenantStatsResource.limit(limit));
    }
}
