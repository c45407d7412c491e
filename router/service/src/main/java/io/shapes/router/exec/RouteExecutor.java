package io.shapes.router.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.shapes.core.ShapeTypes;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.router.cells.CellGuards;
import io.shapes.router.cells.CellResponse;
import io.shapes.router.map.MapSource;
import io.shapes.router.map.Snapshot;
import io.shapes.router.routing.Route;
import io.shapes.router.routing.RoutePlanner;
import io.shapes.router.routing.ShapeRequest;
import io.shapes.scatter.Gathered;
import io.shapes.scatter.Outcome;
import io.shapes.scatter.Policy;
import io.shapes.scatter.ScatterGather;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Executes a planned {@link Route}: resolve → guard → forward. The only retries: after a {@code 421} the map is
 * refreshed and the request re-planned once; a {@code 503 moving} is retried with a short pause while the deadline
 * allows; an unkeyed put goes to the next choice of its {@link Route.AnyOf} when a cell provably did not take it.
 * Nothing else is retried, nothing is re-routed on error.
 */
@Singleton
public class RouteExecutor {
    private static final Logger LOG = Logger.getLogger(RouteExecutor.class);
    /** Between fetches of the snapshot while a cell says the map in use is behind. */
    private static final long MAP_PAUSE_MS = 100;
    private static final long MOVING_PAUSE_MS = 50;
    private final MapSource maps;
    private final RoutePlanner planner;
    private final CellGuards guards;
    private final ScatterGather scatter;
    private final ShapeTypes types;
    private final MeterRegistry metrics;
    private final IdempotencyKeys keys;

    public RouteExecutor(MapSource maps, RoutePlanner planner, CellGuards guards, ScatterGather scatter,
            ShapeTypes types, MeterRegistry metrics, IdempotencyKeys keys) {
        this.maps = maps;
        this.planner = planner;
        this.guards = guards;
        this.scatter = scatter;
        this.types = types;
        this.metrics = metrics;
        this.keys = keys;
    }

    /** The route of {@code request} on the current map: decided before anything is sent (and before it is charged). */
    public Route plan(ShapeRequest request) {
        return planner.plan(request, maps.current().orElseThrow().map());
    }

    /** Plans against the current map and executes, within {@code deadline} (absolute, System.nanoTime). */
    public Uni<Reply> execute(ShapeRequest request, boolean partial, long deadline) {
        return execute(request, plan(request), partial, deadline);
    }

    /** Executes the planned {@code route} of {@code request}, within {@code deadline} (absolute, System.nanoTime). */
    public Uni<Reply> execute(ShapeRequest request, Route route, boolean partial, long deadline) {
        return run(request, route, partial, deadline, false);
    }

    private Uni<Reply> run(ShapeRequest request, boolean partial, long deadline, boolean refreshed) {
        return run(request, plan(request), partial, deadline, refreshed);
    }

    private Uni<Reply> run(ShapeRequest request, Route route, boolean partial, long deadline, boolean refreshed) {
        Map<String, String> headers = Map.of("X-Shapes-Map-Version", String.valueOf(route.mapVersion()));
        if (route instanceof Route.OneCell one) {
            return oneCell(request, one.cell(), List.of(), one.mapVersion(), partial, deadline, refreshed, null);
        }
        if (route instanceof Route.KeyChecked checked) {
            ShapeRequest.Put put = (ShapeRequest.Put) request;
            return keys.conflictOn(checked.askFirst(), put.tenant(), put.idempotencyKey().orElseThrow(), deadline)
                    .chain(conflict -> conflict.isPresent()
                            ? Uni.createFrom().item(Reply.problem(conflict.get(), headers))
                            : oneCell(request, checked.put().cell(), List.of(), checked.mapVersion(), partial,
                                    deadline, refreshed, null));
        }
        if (route instanceof Route.AnyOf any) {
            return anyOf((ShapeRequest.Put) request, healthyFirst(any.choices()), deadline, refreshed);
        }
        if (route instanceof Route.Scatter many && many.targets().size() == 1) {
            Route.Target only = many.targets().get(0);
            return oneCell(request, only.cell(), only.buckets(), many.mapVersion(), partial, deadline, refreshed,
                    null);
        }
        if (route instanceof Route.Scatter many) {
            return scatter(request, many, partial, deadline, refreshed);
        }
        if (route instanceof Route.NoSuchShape none) {
            return Uni.createFrom().item(Reply.problem(Problem.of(ErrorCode.NOT_FOUND, none.reason()), headers));
        }
        return Uni.createFrom().item(Reply.problem(Problem.of(ErrorCode.CELL_UNAVAILABLE,
                ((Route.Unroutable) route).reason()).withRetryAfterMs(1000), headers));
    }

    /**
     * An unkeyed put: tries its choices in order, each with the put's id moved into the choice's bucket, and moves on
     * only when the cell provably did not take the write ({@link Failover}).
     */
    private Uni<Reply> anyOf(ShapeRequest.Put put, List<Route.OneCell> choices, long deadline, boolean refreshed) {
        Route.OneCell choice = choices.get(0);
        ShapeRequest.Put attempt = put.id().bucket() == choice.bucket() ? put : put.inBucket(choice.bucket());
        Supplier<Uni<Reply>> next = choices.size() == 1 ? null : () -> {
            metrics.counter("shapes.router.put.failover", "cell", choice.cell()).increment();
            return anyOf(put, choices.subList(1, choices.size()), deadline, refreshed);
        };
        return oneCell(attempt, choice.cell(), List.of(), choice.mapVersion(), false, deadline, refreshed, next);
    }

    /** The choices whose cell's breaker is closed first, in their order; then the others. */
    private List<Route.OneCell> healthyFirst(List<Route.OneCell> choices) {
        List<Route.OneCell> ordered = new ArrayList<>(choices.size());
        choices.stream().filter(c -> guards.state(c.cell()) == CircuitBreakerState.CLOSED).forEach(ordered::add);
        choices.stream().filter(c -> guards.state(c.cell()) != CircuitBreakerState.CLOSED).forEach(ordered::add);
        return ordered;
    }

    /**
     * One cell serves the request (a count: for {@code buckets}, if any). With a {@code failover} (an unkeyed put with
     * more choices), a call that never reached the cell or that the cell refused goes to the failover instead of
     * answering. A one-cell request answers with the cell's own answer or problem, never a partial result.
     */
    private Uni<Reply> oneCell(ShapeRequest request, String cell, List<Integer> buckets, long mapVersion,
            boolean partial, long deadline, boolean refreshed, Supplier<Uni<Reply>> failover) {
        Map<String, String> headers = Map.of("X-Shapes-Map-Version", String.valueOf(mapVersion), "X-Shapes-Cell", cell);
        long sent = System.nanoTime();
        return guards.send(cell, CellCalls.of(request, buckets)).onItemOrFailure().transformToUni((response, error) -> {
            if (error != null) {
                return failover != null && Failover.neverSent(error) ? failover.get()
                        : Uni.createFrom().item(Reply.problem(unavailable(cell, error), headers));
            }
            if (failover != null && Failover.refused(response)) {
                return failover.get();
            }
            if (response.status() == 421) {
                metrics.counter("shapes.router.misdirected", "cell", cell).increment();
                return refreshed ? Uni.createFrom().item(Reply.problem(Problem.of(ErrorCode.CELL_UNAVAILABLE,
                        "the routing map is behind the cells; retry shortly").withRetryAfterMs(1000), headers))
                        : awaitNewerMap(mapVersion, deadline).chain(() -> run(request, partial, deadline, true));
            }
            // a cell holds a write at a fence for a while before it answers "moving": retry only if another such
            // attempt still fits in the deadline
            long attemptMs = (System.nanoTime() - sent) / 1_000_000;
            if ("moving".equals(response.code().orElse(null))
                    && remainingMs(deadline) > attemptMs + 2 * MOVING_PAUSE_MS) {
                long pause = Math.min(MOVING_PAUSE_MS, response.retryAfterMs().orElse(MOVING_PAUSE_MS));
                return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(pause))
                        .chain(() -> run(request, partial, deadline, refreshed)).map(Reply::afterFenceWait);
            }
            if (!response.ok() || !isCount(request)) {
                return Uni.createFrom().item(new Reply(response.status(), response.body(),
                        response.ok() ? "application/json" : Problem.MEDIA_TYPE, withRetryAfter(headers, response)));
            }
            JsonNode answer = response.json().orElseThrow();
            return Uni.createFrom().item(Reply.json(200, CountMerge.body(request, List.of(answer), List.of(), types),
                    headers));
        });
    }

    private Uni<Reply> scatter(ShapeRequest request, Route.Scatter route, boolean partial, long deadline,
            boolean refreshed) {
        Map<String, Supplier<Uni<CellResponse>>> targets = new LinkedHashMap<>();
        for (Route.Target target : route.targets()) {
            String cell = target.cell();
            targets.put(cell, () -> guards.send(cell, CellCalls.of(request, target.buckets())).map(response -> {
                if (!response.ok()) {
                    throw new CellAnswer(response);
                }
                return response;
            }));
        }
        Map<String, String> headers = Map.of("X-Shapes-Map-Version", String.valueOf(route.mapVersion()),
                "X-Shapes-Cells-Queried", String.valueOf(route.cells().size()));
        metrics.summary("shapes.router.scatter.fanout").record(route.cells().size());
        Duration budget = Duration.ofMillis(Math.max(1, remainingMs(deadline)));
        return scatter.scatter(targets, budget, partial ? Policy.PARTIAL : Policy.ALL).chain(gathered -> {
            if (!refreshed && misdirected(gathered)) {
                return awaitNewerMap(route.mapVersion(), deadline).chain(() -> run(request, partial, deadline, true));
            }
            if (!gathered.policyMet()) {
                List<String> missing = gathered.missing().isEmpty() ? route.cells() : gathered.missing();
                return Uni.createFrom().item(Reply.problem(Problem.of(ErrorCode.CELLS_UNAVAILABLE,
                        "cells " + String.join(", ", missing) + " did not answer; add partial=true to count the others")
                        .withMissingCells(missing).withRetryAfterMs(1000), headers));
            }
            if (gathered.isPartial()) {
                metrics.counter("shapes.router.scatter.partial").increment();
            }
            List<JsonNode> answers = new ArrayList<>();
            gathered.values().forEach(response -> answers.add(response.json().orElseThrow()));
            return Uni.createFrom().item(Reply.json(200, CountMerge.body(request, answers, gathered.missing(), types),
                    headers));
        });
    }

    /**
     * After a 421 the map in use is behind a cell's: fetches the snapshot until it holds a map newer than {@code seen},
     * pausing between fetches, while the deadline leaves room for the retried call. The publisher takes up to its
     * period to publish a map that a cell already follows.
     */
    private Uni<Void> awaitNewerMap(long seen, long deadline) {
        return maps.refreshNow().chain(() -> {
            long now = maps.current().map(s -> s.map().version()).orElse(0L);
            if (now > seen || remainingMs(deadline) < 2 * MAP_PAUSE_MS) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(MAP_PAUSE_MS))
                    .chain(() -> awaitNewerMap(seen, deadline));
        });
    }

    private Problem unavailable(String cell, Throwable error) {
        if (error instanceof BulkheadException) {
            return Problem.of(ErrorCode.OVERLOADED, "too many requests in flight to cell " + cell).withRetryAfterMs(100);
        }
        if (error instanceof CircuitBreakerOpenException) {
            return Problem.of(ErrorCode.CELL_UNAVAILABLE, "cell " + cell + " is unavailable")
                    .withRetryAfterMs(guards.retryAfterMs(cell));
        }
        LOG.debugf("cell %s failed: %s", cell, error.toString());
        return Problem.of(ErrorCode.CELL_UNAVAILABLE, "cell " + cell + " did not answer").withRetryAfterMs(1000);
    }

    private static boolean misdirected(Gathered<CellResponse> gathered) {
        return gathered.outcomes().stream().anyMatch(o -> o instanceof Outcome.Failed<CellResponse> failed
                && failed.error() instanceof CellAnswer answer && answer.response.status() == 421);
    }

    private static Map<String, String> withRetryAfter(Map<String, String> headers, CellResponse response) {
        return response.retryAfterMs().map(ms -> {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put("Retry-After", String.valueOf(Math.max(1, (ms + 999) / 1000)));
            return all;
        }).orElse(headers);
    }

    private static boolean isCount(ShapeRequest request) {
        return !(request instanceof ShapeRequest.Put) && !(request instanceof ShapeRequest.Get);
    }

    private static long remainingMs(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    /** A cell's non-2xx answer inside a scatter: a failed target. */
    private static final class CellAnswer extends RuntimeException {
        final CellResponse response;

        CellAnswer(CellResponse response) {
            super("cell answered " + response.status(), null, false, false);
            this.response = response;
        }
    }
}
