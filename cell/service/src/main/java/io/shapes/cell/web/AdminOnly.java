package io.shapes.cell.web;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.web.ProblemResponses;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

/**
 * After the resource layer has matched a request, and before its body is read: an endpoint not marked
 * {@link DataPlane} needs the admin token (deny by default). {@link CellGate} has already refused callers with no
 * valid token at all; this decides on the very method that will run, not on a spelling of its path. Every admin
 * call that changes the cell is logged: who (the client address), what (method and path).
 */
@Singleton
public class AdminOnly {
    private static final Logger AUDIT = Logger.getLogger("io.shapes.audit");
    /** Looked up per call: REST filters are built at static init, before the runtime configuration exists. */
    private final Provider<CellTokens> tokens;

    public AdminOnly(Provider<CellTokens> tokens) {
        this.tokens = tokens;
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request, ResourceInfo resource,
            HttpServerRequest http) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(DataPlane.class)) {
            return Optional.empty(); // CellGate let only a valid token through, and either token may do this
        }
        Optional<CellTokens.Role> role = tokens.get().roleOf(request.getHeaderString("Authorization"));
        if (role.isEmpty()) {
            return Optional.of(ProblemResponses.of(Problem.of(ErrorCode.UNAUTHENTICATED,
                    "the internal API needs a token")));
        }
        if (role.get() != CellTokens.Role.ADMIN) {
            return Optional.of(ProblemResponses.of(Problem.of(ErrorCode.FORBIDDEN,
                    "this endpoint needs the admin token; the data-plane token only puts, gets and counts")));
        }
        if (!"GET".equals(request.getMethod())) {
            // what changes the cell is audited; reads (a split polls the change feed many times a second) are not
            AUDIT.infof("admin call %s %s from %s", request.getMethod(), http.path(), http.remoteAddress());
        }
        return Optional.empty();
    }
}
