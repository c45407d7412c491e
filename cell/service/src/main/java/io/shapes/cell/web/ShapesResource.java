package io.shapes.cell.web;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.shapes.cell.service.ShapeReader;
import io.shapes.cell.service.ShapeWriter;
import io.shapes.cell.service.TenantRequests;
import io.shapes.core.ShapeId;
import io.shapes.core.ShapeTypes;
import io.shapes.core.cellapi.Counts;
import io.shapes.core.cellapi.PutShape;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.web.RequestInput;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The data half of the internal API, called by the router: put, getShape and counts. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ShapesResource {
    private final ShapeWriter writer;
    private final ShapeReader reader;
    private final ShapeTypes types;
    private final TenantRequests requests;
    private final ShapeLookup lookup;

    public ShapesResource(ShapeWriter writer, ShapeReader reader, ShapeTypes types, TenantRequests requests,
            ShapeLookup lookup) {
        this.requests = requests;
        this.lookup = lookup;
        this.writer = writer;
        this.reader = reader;
        this.types = types;
    }

    @POST
    @Path("/tenants/{tenant}/shapes")
    @DataPlane
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Written; or, under an Idempotency-Key used before with the same"
            + " body, the shape first written under it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShapeView.class)))
    public Uni<Response> put(@PathParam("tenant") String tenant, @HeaderParam("Idempotency-Key") String key,
            byte[] body) {
        String validTenant = RequestInput.tenant(tenant);
        PutShape request = RequestInput.json(body, RequestInput.MAX_SHAPE_BODY, PutShape.class);
        String type = type(request.type());
        Optional<String> validKey = RequestInput.idempotencyKey(key);
        Optional<ShapeId> id = Optional.ofNullable(request.id()).map(ShapesResource::parseRequestedId);
        requests.record(validTenant, TenantRequests.Kind.PUT);
        return writer.put(validTenant, type, validKey, id).map(written -> Response.status(Response.Status.CREATED)
                .header("Location", "/internal/v1/tenants/" + validTenant + "/shapes/" + written.shape().id())
                .header("Idempotent-Replayed", String.valueOf(written.replayed()))
                .entity(written.shape()).build());
    }

    @GET
    @Path("/tenants/{tenant}/shapes/{id}")
    @DataPlane
    public Uni<ShapeView> get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return lookup.get(tenant, id);
    }

    /** The shape put under an idempotency key: lets the router find a key's earlier use on another cell. */
    @GET
    @Path("/tenants/{tenant}/idempotency-keys")
    @DataPlane
    public Uni<ShapeView> byIdempotencyKey(@PathParam("tenant") String tenant, @QueryParam("key") String key) {
        String validTenant = RequestInput.tenant(tenant);
        String validKey = RequestInput.idempotencyKey(key)
                .orElseThrow(() -> RequestInput.invalid("query parameter 'key' is required"));
        return reader.byIdempotencyKey(validTenant, validKey);
    }

    /**
     * Answers {@code 200} when the cell and its database answer, {@code 503 cell-unavailable} when the database does
     * not: what a router probes before it lets traffic back to a cell whose breaker opened.
     */
    @GET
    @Path("/health")
    @DataPlane
    public Uni<java.util.Map<String, String>> health() {
        return reader.health();
    }

    @GET
    @Path("/tenants/{tenant}/counts")
    @DataPlane
    public Uni<?> count(@PathParam("tenant") String tenant, @QueryParam("type") String type,
            @QueryParam("buckets") String buckets) {
        String validTenant = RequestInput.tenant(tenant);
        java.util.List<Integer> asked = RequestInput.buckets(buckets);
        requests.record(validTenant, TenantRequests.Kind.COUNT);
        if (type == null) {
            return reader.countAll(validTenant, asked);
        }
        return reader.count(validTenant, type(type), asked);
    }

    @GET
    @Path("/counts")
    @DataPlane
    public Uni<Counts.Global> countGlobal(@QueryParam("type") String type) {
        if (type == null) {
            throw RequestInput.invalid("query parameter 'type' is required; allowed: " + String.join(", ", types.allowed()));
        }
        return reader.countGlobal(type(type));
    }

    private String type(String type) {
        try {
            return types.require(type);
        } catch (IllegalArgumentException e) {
            throw RequestInput.invalid(e.getMessage());
        }
    }

    private static ShapeId parseRequestedId(String id) {
        try {
            return ShapeId.parse(id);
        } catch (ShapeId.InvalidShapeIdException e) {
            throw RequestInput.invalid("field 'id': " + e.getMessage());
        }
    }
}
