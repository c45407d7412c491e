package io.shapes.router.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.shapes.core.Buckets;
import io.shapes.core.Json;
import io.shapes.core.Scheme;
import io.shapes.core.ShapeTypes;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.map.RoutingMap;
import io.shapes.router.cells.CellCall;
import io.shapes.router.cells.CellGuards;
import io.shapes.router.cells.CellResponse;
import io.shapes.router.config.RouterConfig;
import io.shapes.scatter.Policy;
import io.shapes.scatter.ScatterGather;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * An idempotency key belongs to a tenant, but under the {@code type} scheme a tenant's puts land on the cell of
 * their type: a key reused with another type would reach another cell and go unnoticed. So before a keyed put
 * under that scheme, the router asks the cells of the other types whether the key is taken there, and answers
 * {@code 409} if it is. A cell that does not answer in time is skipped: a put never fails because another cell
 * is down. Two first uses of one key racing on two cells are not caught (the cost of keeping puts single-cell).
 */
@Singleton
public class IdempotencyKeys {
    private final CellGuards guards;
    private final ScatterGather scatter;
    private final ShapeTypes types;
    private final Duration budget;

    public IdempotencyKeys(CellGuards guards, ScatterGather scatter, ShapeTypes types, RouterConfig config) {
        this.guards = guards;
        this.scatter = scatter;
        this.types = types;
        this.budget = config.cells().timeout();
    }

    /** The conflict to answer with, if {@code key} was used for another type of {@code tenant} on another cell. */
    public Uni<Optional<Problem>> conflictElsewhere(RoutingMap map, String tenant, String type, Optional<String> key) {
        if (map.scheme() != Scheme.TYPE || key.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        Set<String> others = new TreeSet<>();
        types.allowed().forEach(other -> map.cellFor(Buckets.of(other)).ifPresent(others::add));
        map.cellFor(Buckets.of(type)).ifPresent(others::remove);
        if (others.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        CellCall lookup = CellCall.get("/internal/v1/tenants/" + tenant + "/idempotency-keys?key="
                + URLEncoder.encode(key.get(), StandardCharsets.UTF_8));
        Map<String, Supplier<Uni<CellResponse>>> targets = new LinkedHashMap<>();
        others.forEach(cell -> targets.put(cell, () -> guards.send(cell, lookup)));
        return scatter.scatter(targets, budget, Policy.PARTIAL).map(gathered -> gathered.values().stream()
                .filter(response -> response.status() == 200)
                .flatMap(response -> shape(response).stream())
                .findFirst()
                .map(earlier -> Problem.of(ErrorCode.IDEMPOTENCY_CONFLICT, "Idempotency-Key was already used for"
                        + " shape " + earlier.id() + " of type " + earlier.type())));
    }

    private static Optional<ShapeView> shape(CellResponse response) {
        try {
            return Optional.of(Json.read(response.body(), ShapeView.class));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
