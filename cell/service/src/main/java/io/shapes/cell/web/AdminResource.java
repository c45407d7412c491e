package io.shapes.cell.web;

import java.util.List;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.data.Capacity;
import io.shapes.cell.ownership.Ownership;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.OwnershipChange;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.web.RequestInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the cell-manager asks and tells a cell: its info, and which bucket ranges it holds in which state. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private static final int MAX_ADMIN_BODY = 1024;
    private final CellConfig config;
    private final Capacity capacity;
    private final Ownership ownership;

    public AdminResource(CellConfig config, Capacity capacity, Ownership ownership) {
        this.config = config;
        this.capacity = capacity;
        this.ownership = ownership;
    }

    @GET
    @Path("/info")
    public CellInfo info() {
        return new CellInfo(config.name(), config.scheme(), capacity.capacity(), capacity.stored(),
                capacity.fillRatio(), ownership.table().held(), ownership.mapVersion());
    }

    @GET
    @Path("/ownership")
    public List<RangeOwnership> ownership() {
        return ownership.table().held();
    }

    /**
     * Moves a range to a new state ({@code NONE} releases it). Legal moves: NONE→INCOMING|OWNED,
     * INCOMING→OWNED|NONE, OWNED→FENCED, FENCED→OWNED|NONE; others get 409. Fencing returns once in-flight writes
     * to the range have finished.
     */
    @PUT
    @Path("/ownership/{range}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public List<RangeOwnership> change(@PathParam("range") String range, byte[] body) {
        BucketRange buckets = RequestInput.range(range);
        OwnershipChange change = RequestInput.json(body, MAX_ADMIN_BODY, OwnershipChange.class);
        if (change.state() == null) {
            throw RequestInput.invalid("field 'state' is required: NONE, INCOMING, OWNED or FENCED");
        }
        if (change.mapVersion() < 0) {
            throw RequestInput.invalid("field 'mapVersion' must be >= 0");
        }
        return ownership.change(buckets, change.state(), change.mapVersion()).held();
    }
}
