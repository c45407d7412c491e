package io.shapes.cell;

import java.util.concurrent.atomic.AtomicInteger;

import io.shapes.cell.web.DataPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Test-only endpoints that record every call that reaches them: proof that a refused request ran no handler. */
@Path("/internal/v1")
public class ProbeResource {
    static final AtomicInteger ADMIN_CALLS = new AtomicInteger();
    static final AtomicInteger DATA_PLANE_CALLS = new AtomicInteger();

    @GET
    @Path("/probe")
    public String admin() {
        ADMIN_CALLS.incrementAndGet();
        return "{}";
    }

    @GET
    @Path("/data-probe")
    @DataPlane
    public String dataPlane() {
        DATA_PLANE_CALLS.incrementAndGet();
        return "{}";
    }
}
