package io.shapes.router.web;

import org.jboss.logging.Logger;

import io.quarkus.vertx.web.RouteFilter;
import io.shapes.core.Names;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import io.shapes.router.auth.Authenticator;
import io.shapes.router.auth.Caller;
import io.shapes.router.map.MapSource;
import io.shapes.router.map.Snapshot;
import io.shapes.web.FailedAuthentications;
import io.shapes.web.ProblemResponses;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Authentication at the edge, as soon as the headers are in and before a byte of the body is read: a caller without
 * a valid credential costs the router no body buffer. Deny by default: every path of the public port needs a credential
 * (health and metrics are on the management port); a tenant's key opens only that tenant's paths ({@code /v1/tenants/{tenant}/…}); {@code /v1/admin/…}
 * needs the admin token. A refused request with a body loses its connection, so the body is never read. The caller is handed to
 * the resource in the routing context ({@link #caller}). Refusals are counted and logged (rate-limited, never the
 * key); admin calls are logged with the client's address.
 */
@Singleton
public class EdgeAuthGate {
    static final int PRIORITY = 200;
    private static final Logger AUDIT = Logger.getLogger("io.shapes.audit");
    private static final String CALLER = Caller.class.getName();
    private static final String TENANTS = "/v1/tenants/";
    private static final String ADMIN = "/v1/admin/";
    private final MapSource maps;
    private final Authenticator authenticator;
    private final FailedAuthentications failures;

    public EdgeAuthGate(MapSource maps, Authenticator authenticator, FailedAuthentications failures) {
        this.maps = maps;
        this.authenticator = authenticator;
        this.failures = failures;
    }

    /** The caller the gate authenticated for this request. */
    public static Caller caller(RoutingContext rc) {
        Caller caller = rc.get(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller: EdgeAuthGate did not run");
        }
        return caller;
    }

    @RouteFilter(PRIORITY)
    void filter(RoutingContext rc) {
        String path = rc.request().path();
        String tenant = tenantOf(path);
        Snapshot snapshot = maps.current().orElse(null);
        if (snapshot == null) {
            ProblemResponses.sendAndClose(rc, Problem.of(ErrorCode.CELL_UNAVAILABLE, "the router has no routing map"
                    + " yet").withRetryAfterMs(1000));
            return;
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(rc.request().getHeader("Authorization"), snapshot.keys());
        } catch (ShapesException e) {
            failures.record(e.problem().detail(), tenant, String.valueOf(rc.request().remoteAddress()));
            refuse(rc, e.problem());
            return;
        }
        Problem refused = tenant != null ? tenantRefusal(caller, tenant)
                : path.startsWith(ADMIN) && !(caller instanceof Caller.Admin)
                        ? Problem.of(ErrorCode.FORBIDDEN, "admin calls need the admin token") : null;
        if (refused != null) {
            refuse(rc, refused);
            return;
        }
        if (caller instanceof Caller.Admin) {
            AUDIT.infof("admin call %s %s from %s", rc.request().method(), rc.request().uri(),
                    rc.request().remoteAddress());
        }
        rc.put(CALLER, caller);
        rc.next();
    }

    /** A request with a body loses its connection with the answer, so the body is never read; others keep it. */
    private static void refuse(RoutingContext rc, Problem problem) {
        if (PublicInputGate.hasBody(rc)) {
            ProblemResponses.sendAndClose(rc, problem);
        } else {
            ProblemResponses.send(rc, problem);
        }
    }

    private static Problem tenantRefusal(Caller caller, String tenant) {
        if (!(caller instanceof Caller.Tenant)) {
            return Problem.of(ErrorCode.FORBIDDEN, "this key may not act for tenant " + tenant);
        }
        if (!Names.isTenant(tenant)) {
            return Problem.of(ErrorCode.INVALID_REQUEST,
                    "tenant must match ^[a-z0-9][a-z0-9-]{0,62}$ (lowercase letters, digits, '-')");
        }
        return ((Caller.Tenant) caller).name().equals(tenant) ? null
                : Problem.of(ErrorCode.FORBIDDEN, "this key may not act for tenant " + tenant);
    }

    /** The tenant named by a {@code /v1/tenants/{tenant}/…} path, or null for any other path. */
    private static String tenantOf(String path) {
        if (!path.startsWith(TENANTS)) {
            return null;
        }
        int end = path.indexOf('/', TENANTS.length());
        return end < 0 ? path.substring(TENANTS.length()) : path.substring(TENANTS.length(), end);
    }
}
