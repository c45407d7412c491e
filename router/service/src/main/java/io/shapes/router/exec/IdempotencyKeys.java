package io.shapes.router.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.shapes.core.Json;
import io.shapes.core.cellapi.ShapeView;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
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
 * their type: a key reused with another type would reach another cell and go unnoticed. So a keyed put under that
 * scheme is planned as {@link io.shapes.router.routing.Route.KeyChecked}: the cells of the other types are asked
 * first whether the key is taken there, and the answer is {@code 409} if it is. The question has its own short
 * budget ({@code cells.key-check-timeout}) inside the request's deadline, and a cell that does not answer within it
 * is skipped: a put never fails because another cell is down, and a hung cell costs other cells' keyed puts at most
 * that budget until its breaker opens. Two first uses of one key racing on two cells are not caught (the cost of
 * keeping puts single-cell).
 */
@Singleton
public class IdempotencyKeys {
    private final CellGuards guards;
    private final ScatterGather scatter;
    private final long budgetMs;

    public IdempotencyKeys(CellGuards guards, ScatterGather scatter, RouterConfig config) {
        this.guards = guards;
        this.scatter = scatter;
        this.budgetMs = config.cells().keyCheckTimeout().toMillis();
    }

    /**
     * The conflict to answer with, if {@code key} was used by {@code tenant} on one of {@code cells}; asked within the
     * key-check budget and never past {@code deadline} (absolute, System.nanoTime).
     */
    public Uni<Optional<Problem>> conflictOn(List<String> cells, String tenant, String key, long deadline) {
        CellCall lookup = CellCall.get("/internal/v1/tenants/" + tenant + "/idempotency-keys?key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        Map<String, Supplier<Uni<CellResponse>>> targets = new LinkedHashMap<>();
        cells.forEach(cell -> targets.put(cell, () -> guards.send(cell, lookup)));
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        Duration budget = Duration.ofMillis(Math.max(1, Math.min(budgetMs, remainingMs)));
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
