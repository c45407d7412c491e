package io.shapes.cell.web;

import io.shapes.cell.data.ShapeStore;
import io.shapes.cell.service.ShapeReader;
import io.shapes.cell.service.TenantRequests;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.ShapesException;
import io.shapes.web.RequestInput;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** One getShape as the internal API takes it: checks the tenant and the id, counts the read, reads the shape. */
@Singleton
public class ShapeLookup {
    private final ShapeReader reader;
    private final TenantRequests requests;

    public ShapeLookup(ShapeReader reader, TenantRequests requests) {
        this.reader = reader;
        this.requests = requests;
    }

    /** Fails with a {@link ShapesException} for a bad tenant or an id that is not one, before anything is read. */
    public Uni<ShapeView> get(String tenant, String id) {
        ShapeStore.TenantShape shape = checked(tenant, id);
        return reader.get(shape.tenant(), shape.id());
    }

    /**
     * A getShape up to its read: the tenant and the id checked (else a {@link ShapesException}: 400 for a bad tenant,
     * 404 for an id that is not one) and the read counted. {@link ShapeReader#requireServes} checks its bucket, and
     * {@link ShapeReader#typesOf} reads many such at once.
     */
    public ShapeStore.TenantShape checked(String tenant, String id) {
        String validTenant = RequestInput.tenant(tenant);
        ShapeId shapeId;
        try {
            shapeId = ShapeId.parse(id);
        } catch (ShapeId.InvalidShapeIdException e) {
            throw new ShapesException(ErrorCode.NOT_FOUND, "tenant " + validTenant + " has no such shape");
        }
        requests.record(validTenant, TenantRequests.Kind.GET);
        return new ShapeStore.TenantShape(validTenant, shapeId);
    }
}
