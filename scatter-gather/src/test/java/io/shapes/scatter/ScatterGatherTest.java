package io.shapes.scatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class ScatterGatherTest {
    private static final Duration DEADLINE = Duration.ofMillis(500);
    private final ManualTimer timer = new ManualTimer();
    private final ScatterGather scatter = new ScatterGather(timer);
    private final FakeTarget<Long> a = new FakeTarget<>();
    private final FakeTarget<Long> b = new FakeTarget<>();
    private final FakeTarget<Long> c = new FakeTarget<>();

    private Map<String, Supplier<Uni<Long>>> targets() {
        Map<String, Supplier<Uni<Long>>> targets = new LinkedHashMap<>();
        targets.put("a", a::call);
        targets.put("b", b::call);
        targets.put("c", c::call);
        return targets;
    }

    /** Subscribes and returns a holder that fills when the scatter completes. */
    private static <T> AtomicReference<Gathered<T>> start(Uni<Gathered<T>> uni) {
        AtomicReference<Gathered<T>> result = new AtomicReference<>();
        uni.subscribe().with(result::set, error -> {
            throw new AssertionError("a scatter never fails", error);
        });
        return result;
    }

    @Test
    void allAnsweredMergesAndKeepsTargetOrder() {
        var result = start(scatter.scatter(targets(), DEADLINE, Policy.ALL));
        c.answer(3L);
        a.answer(1L);
        assertNull(result.get(), "not done while b is pending");
        timer.advance(Duration.ofMillis(20));
        b.answer(2L);
        Gathered<Long> gathered = result.get();
        assertTrue(gathered.policyMet());
        assertEquals(List.of("a", "b", "c"), gathered.outcomes().stream().map(Outcome::target).toList());
        assertEquals(6L, gathered.merge(Merges::sum));
        assertEquals(Duration.ofMillis(20), gathered.outcomes().get(1).latency(), "latency from the injected clock");
        assertEquals(0, timer.scheduled(), "the deadline is called off once everyone answered");
    }

    @Test
    void allFailsFastWhenOneTargetFailsAndCancelsTheRest() {
        var result = start(scatter.scatter(targets(), DEADLINE, Policy.ALL));
        a.answer(1L);
        b.fail(new IllegalStateException("down"));
        Gathered<Long> gathered = result.get();
        assertFalse(gathered.policyMet(), "ALL is not met when a target failed");
        assertEquals(List.of("b"), gathered.missing());
        assertInstanceOf(Outcome.Cancelled.class, gathered.outcomes().get(2));
        assertTrue(c.wasCancelled(), "the straggler's call is cancelled");
    }

    @Test
    void theDeadlineTimesOutStragglersAndCancelsTheirCalls() {
        var result = start(scatter.scatter(targets(), DEADLINE, Policy.PARTIAL));
        a.answer(1L);
        b.answer(2L);
        timer.advance(Duration.ofMillis(499));
        assertNull(result.get(), "still within the deadline");
        timer.advance(Duration.ofMillis(1));
        Gathered<Long> gathered = result.get();
        assertInstanceOf(Outcome.TimedOut.class, gathered.outcomes().get(2));
        assertEquals(DEADLINE, gathered.outcomes().get(2).latency());
        assertTrue(c.wasCancelled(), "a timed-out call is cancelled");
        assertTrue(gathered.policyMet(), "PARTIAL is met with at least one answer");
        assertTrue(gathered.isPartial());
        assertEquals(List.of("c"), gathered.missing());
        assertEquals(3L, gathered.merge(Merges::sum), "the merge covers only the answers");
        c.answer(99L);
        assertEquals(3L, result.get().merge(Merges::sum), "a late answer changes nothing");
    }

    @Test
    void partialWithNoAnswerIsNotMet() {
        var result = start(scatter.scatter(targets(), DEADLINE, Policy.PARTIAL));
        a.fail(new RuntimeException("x"));
        b.fail(new RuntimeException("y"));
        timer.advance(DEADLINE);
        assertFalse(result.get().policyMet());
        assertEquals(List.of("a", "b", "c"), result.get().missing());
    }

    @Test
    void allTimedOutIsNotMetAndNamesEveryTarget() {
        var result = start(scatter.scatter(targets(), DEADLINE, Policy.ALL));
        timer.advance(DEADLINE);
        assertFalse(result.get().policyMet());
        assertEquals(List.of("a", "b", "c"), result.get().missing());
    }

    @Test
    void firstMatchWinsAndCancelsTheRest() {
        var result = start(scatter.firstMatch(targets(), DEADLINE, (Long v) -> v > 0));
        b.answer(0L);
        assertNull(result.get(), "a non-matching answer does not end the scatter");
        c.answer(7L);
        Gathered<Long> gathered = result.get();
        assertEquals(Optional.of(7L), gathered.values().stream().filter(v -> v > 0).findFirst());
        assertTrue(a.wasCancelled(), "the loser still running is cancelled");
        assertInstanceOf(Outcome.Cancelled.class, gathered.outcomes().get(0));
        assertTrue(gathered.missing().isEmpty(), "cancelled losers are not missing");
    }

    @Test
    void firstMatchWithNoMatchCompletesWhenAllHaveAnswered() {
        var result = start(scatter.firstMatch(targets(), DEADLINE, (Long v) -> v > 0));
        a.answer(0L);
        b.answer(0L);
        c.answer(0L);
        assertTrue(result.get().values().stream().noneMatch(v -> v > 0), "nothing matched");
        assertEquals(0, timer.scheduled());
    }

    @Test
    void aTargetThatThrowsIsAFailureNotACrash() {
        Map<String, Supplier<Uni<Long>>> targets = new LinkedHashMap<>();
        targets.put("broken", () -> {
            throw new IllegalStateException("no client for this cell");
        });
        targets.put("fine", () -> Uni.createFrom().item(5L));
        var result = start(scatter.scatter(targets, DEADLINE, Policy.PARTIAL));
        assertEquals(List.of("broken"), result.get().missing());
        assertEquals(5L, result.get().merge(Merges::sum));
    }

    @Test
    void noTargetsCompletesAtOnce() {
        var result = start(scatter.scatter(Map.<String, Supplier<Uni<Long>>>of(), DEADLINE, Policy.ALL));
        assertTrue(result.get().outcomes().isEmpty());
        assertTrue(result.get().policyMet());
    }

    @Test
    void cancellingTheScatterCancelsEveryCall() {
        Cancellable subscription = scatter.scatter(targets(), DEADLINE, Policy.ALL).subscribe().with(r -> { });
        subscription.cancel();
        assertTrue(a.wasCancelled() && b.wasCancelled() && c.wasCancelled(), "no call outlives its caller");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> scatter.scatter(targets(), Duration.ZERO, Policy.ALL));
        assertThrows(IllegalArgumentException.class, () -> scatter.scatter(targets(), DEADLINE, Policy.FIRST_MATCH));
        assertThrows(NullPointerException.class, () -> new ScatterGather(null));
    }

    @Test
    void mergesAddCountsAndPerKeyMaps() {
        assertEquals(10L, Merges.sum(List.of(1L, 2L, 3L, 4L)));
        assertEquals(Map.of("circle", 3L, "square", 2L, "triangle", 1L),
                Merges.sumByKey(List.of(Map.of("circle", 1L, "square", 2L), Map.of("circle", 2L, "triangle", 1L))));
        assertThrows(ArithmeticException.class, () -> Merges.sum(List.of(Long.MAX_VALUE, 1L)), "never a silent wrap");
    }
}
