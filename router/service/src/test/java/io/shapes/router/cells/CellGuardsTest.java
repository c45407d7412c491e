package io.shapes.router.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

/** The per-cell breaker counts a cell's failures, not its load: one tenant's burst must not close a cell to all. */
class CellGuardsTest {
    private static final String OVERLOADED = "{\"status\":503,\"code\":\"overloaded\",\"detail\":\"at its limit\"}";
    private static final String INTERNAL = "{\"status\":500,\"code\":\"internal\",\"detail\":\"broken\"}";

    /** A recording fake of the HTTP hop: every call gets the same answer. */
    private static final class FixedAnswer implements CellTransport {
        final AtomicInteger calls = new AtomicInteger();
        final CellResponse answer;

        FixedAnswer(CellResponse answer) {
            this.answer = answer;
        }

        @Override
        public Uni<CellResponse> send(URI cell, CellCall call) {
            calls.incrementAndGet();
            return Uni.createFrom().item(answer);
        }
    }

    private static final RouterConfig.Cells SETTINGS = new RouterConfig.Cells() {
        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public int breakerRequestVolume() {
            return 4;
        }

        @Override
        public double breakerFailureRatio() {
            return 0.5;
        }

        @Override
        public Duration breakerDelay() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int bulkhead() {
            return 16;
        }
    };

    private static CellGuards guardsAnswering(FixedAnswer transport) {
        CellGuards guards = new CellGuards(SETTINGS, transport, new SimpleMeterRegistry());
        RoutingMap map = RoutingMap.empty(Scheme.TENANT).next(
                List.of(new CellRef("cell-1", URI.create("http://127.0.0.1:9"), CellState.ACTIVE)),
                List.of(new RangeAssignment(0, 16384, "cell-1")));
        guards.follow(new Snapshot(map, io.shapes.snapshot.KeyIndex.empty(), Map.of()));
        return guards;
    }

    @Test
    void overloadedAnswersLeaveTheBreakerClosed() {
        FixedAnswer overloaded = new FixedAnswer(new CellResponse(503, OVERLOADED));
        CellGuards guards = guardsAnswering(overloaded);
        for (int i = 0; i < 50; i++) {
            CellResponse response = guards.send("cell-1", CellCall.get("/internal/v1/counts?type=circle"))
                    .await().atMost(Duration.ofSeconds(5));
            assertEquals(503, response.status(), "the cell's answer is passed on");
        }
        assertEquals(50, overloaded.calls.get(), "every call reached the cell");
        assertEquals(CircuitBreakerState.CLOSED, guards.state("cell-1"),
                "50 answers of 503 overloaded are load, not failure: the breaker stays closed");
    }

    @Test
    void failuresOfTheCellOpenTheBreaker() {
        FixedAnswer broken = new FixedAnswer(new CellResponse(500, INTERNAL));
        CellGuards guards = guardsAnswering(broken);
        for (int i = 0; i < 10; i++) {
            guards.send("cell-1", CellCall.get("/internal/v1/counts?type=circle")).onFailure().recoverWithNull()
                    .await().atMost(Duration.ofSeconds(5));
        }
        assertEquals(CircuitBreakerState.OPEN, guards.state("cell-1"), "500s are the cell's failures");
        assertEquals(4, broken.calls.get(), "once open, the breaker stops calls before they reach the cell");
    }
}
