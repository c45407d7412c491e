package io.shapes.router.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.router.config.RouterConfig;
import io.shapes.router.map.Snapshot;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The per-cell guard counts a cell's failures, not its load (one tenant's burst must not close a cell to all), and
 * asks the cell itself before it opens or closes: probes, never clients' requests.
 */
class CellGuardsTest {
    private static final String OVERLOADED = "{\"status\":503,\"code\":\"overloaded\",\"detail\":\"at its limit\"}";
    private static final String INTERNAL = "{\"status\":500,\"code\":\"internal\",\"detail\":\"broken\"}";
    private static final CellResponse HEALTHY = new CellResponse(200, "{\"cell\":\"cell-1\",\"status\":\"up\"}");

    /** A recording fake of the HTTP hop: data calls and probes answered by functions the test sets. */
    private static class Answers implements CellTransport {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger probes = new AtomicInteger();
        volatile Function<CellCall, CellResponse> data;
        volatile CellResponse probe;

        Answers(CellResponse data, CellResponse probe) {
            this.data = call -> data;
            this.probe = probe;
        }

        @Override
        public Uni<CellResponse> send(URI cell, CellCall call) {
            if (call.path().equals("/internal/v1/health")) {
                probes.incrementAndGet();
                return Uni.createFrom().item(probe);
            }
            calls.incrementAndGet();
            return Uni.createFrom().item(data.apply(call));
        }
    }

    private static final RouterConfig.Cells SETTINGS = TestCellSettings.withBulkhead(16);

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private CellGuards guardsAnswering(CellTransport transport) {
        CellGuards guards = new CellGuards(SETTINGS, transport, new SimpleMeterRegistry(), now::get);
        guards.follow(oneCellSnapshot());
        return guards;
    }

    private static Snapshot oneCellSnapshot() {
        RoutingMap map = RoutingMap.empty(Scheme.TENANT).next(
                List.of(new CellRef("cell-1", URI.create("http://127.0.0.1:9"), CellState.ACTIVE)),
                List.of(new RangeAssignment(0, 16384, "cell-1")));
        return new Snapshot(map, io.shapes.snapshot.KeyIndex.empty(), Map.of());
    }

    private static CellResponse call(CellGuards guards) {
        return guards.send("cell-1", CellCall.get("/internal/v1/counts?type=circle")).onFailure().recoverWithNull()
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void overloadedAnswersLeaveTheBreakerClosed() {
        Answers overloaded = new Answers(new CellResponse(503, OVERLOADED), HEALTHY);
        CellGuards guards = guardsAnswering(overloaded);
        for (int i = 0; i < 50; i++) {
            assertEquals(503, call(guards).status(), "the cell's answer is passed on");
        }
        assertEquals(50, overloaded.calls.get(), "every call reached the cell");
        assertEquals(0, overloaded.probes.get(), "load is not a failure: the cell is not even suspect");
        assertEquals(CircuitBreakerState.CLOSED, guards.state("cell-1"),
                "50 answers of 503 overloaded are load, not failure: the breaker stays closed");
    }

    @Test
    void aFailureThatTheProbeConfirmsOpensTheBreakerAtOnce() {
        Answers broken = new Answers(new CellResponse(500, INTERNAL), new CellResponse(500, INTERNAL));
        CellGuards guards = guardsAnswering(broken);
        for (int i = 0; i < 10; i++) {
            call(guards);
        }
        assertEquals(CircuitBreakerState.OPEN, guards.state("cell-1"), "500s are the cell's failures");
        assertEquals(1, broken.calls.get(), "one failure and a failed probe open it");
        assertEquals(1, broken.probes.get(), "one probe");
    }

    @Test
    void aFailureOfACellThatAnswersItsProbeLeavesTheBreakerClosed() {
        Answers flaky = new Answers(new CellResponse(500, INTERNAL), HEALTHY);
        CellGuards guards = guardsAnswering(flaky);
        call(guards);
        assertEquals(CircuitBreakerState.CLOSED, guards.state("cell-1"), "the cell answered its probe");
        assertEquals(1, flaky.probes.get(), "the failure made the cell suspect: one probe");
        for (int i = 0; i < 8; i++) {
            call(guards);
        }
        assertEquals(1, flaky.probes.get(), "asked at most once per 100 ms");
        assertEquals(CircuitBreakerState.CLOSED, guards.state("cell-1"), "9 failures in the window: below 10");
        call(guards);
        assertEquals(CircuitBreakerState.OPEN, guards.state("cell-1"),
                "10 failures in the window open the breaker even while the cell answers its probes");
        assertEquals(10, flaky.calls.get());
        assertEquals(1000 * 30, guards.retryAfterMs("cell-1"), "clients are told to come back at the next probe");
    }

    @Test
    void aCallThatWaitedInTheBulkheadIsSentFromItsOwnRequestsContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Map<String, Context> sentFrom = new ConcurrentHashMap<>();
            Promise<CellResponse> firstAnswer = Promise.promise();
            CellTransport held = (cell, call) -> {
                sentFrom.put(call.path(), Vertx.currentContext());
                return call.path().endsWith("first") ? Uni.createFrom().completionStage(
                        firstAnswer.future().toCompletionStage()) : Uni.createFrom().item(HEALTHY);
            };
            CellGuards guards = new CellGuards(TestCellSettings.withBulkhead(1), held, new SimpleMeterRegistry(),
                    now::get);
            guards.follow(oneCellSnapshot());
            Context first = vertx.getOrCreateContext();
            Context second = vertx.getOrCreateContext();
            CompletableFuture<CellResponse> secondAnswer = new CompletableFuture<>();
            first.runOnContext(ignored -> guards.send("cell-1", CellCall.get("/first")).subscribe().with(a -> {
            }));
            await(() -> sentFrom.containsKey("/first"));
            CompletableFuture<Void> secondAsked = new CompletableFuture<>();
            second.runOnContext(ignored -> {
                guards.send("cell-1", CellCall.get("/second")).subscribe()
                        .with(secondAnswer::complete, secondAnswer::completeExceptionally);
                secondAsked.complete(null);
            });
            secondAsked.get(5, TimeUnit.SECONDS);
            assertFalse(sentFrom.containsKey("/second"), "the bulkhead of 1 holds the second call");
            first.runOnContext(ignored -> firstAnswer.complete(HEALTHY));
            assertEquals(HEALTHY, secondAnswer.get(5, TimeUnit.SECONDS));
            assertSame(first, sentFrom.get("/first"));
            assertSame(second, sentFrom.get("/second"),
                    "a call let out of the bulkhead is sent from its own request's context, not the one that left");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProbeAFailedCallStartsIsSentUnderNoRequestsTrace() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Map<String, Context> sentFrom = new ConcurrentHashMap<>();
            Answers broken = new Answers(new CellResponse(500, INTERNAL), HEALTHY) {
                @Override
                public Uni<CellResponse> send(URI cell, CellCall call) {
                    sentFrom.put(call.path(), Vertx.currentContext());
                    return super.send(cell, call);
                }
            };
            CellGuards guards = guardsAnswering(broken);
            Context request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
            CompletableFuture<CellResponse> answer = new CompletableFuture<>();
            request.runOnContext(ignored -> guards.send("cell-1", CellCall.get("/internal/v1/counts?type=circle"))
                    .subscribe().with(answer::complete, answer::completeExceptionally));
            assertEquals(500, answer.get(5, TimeUnit.SECONDS).status());
            await(() -> sentFrom.containsKey("/internal/v1/health"));
            assertSame(request, sentFrom.get("/internal/v1/counts?type=circle"));
            assertNotSame(request, sentFrom.get("/internal/v1/health"),
                    "the probe is the router's own call, not part of the request whose failure started it");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
