package io.shapes.scatter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Fans one call out to named targets under a single deadline and gathers an {@link Outcome} per target.
 *
 * <p>Contract: the returned {@code Uni} never fails and never outlives the deadline; it completes with every target's
 * outcome, in the order of {@code targets}. Calls still running when the scatter ends (deadline, a failure under
 * {@link Policy#ALL}, a winner under {@link Policy#FIRST_MATCH}, or the caller cancelling) are cancelled. No thread
 * is blocked. Whether the result is usable is {@link Gathered#policyMet()}.
 */
public final class ScatterGather {
    private final Timer timer;

    public ScatterGather(Timer timer) {
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** ALL or PARTIAL. */
    public <T> Uni<Gathered<T>> scatter(Map<String, Supplier<Uni<T>>> targets, Duration deadline, Policy policy) {
        if (policy == Policy.FIRST_MATCH) {
            throw new IllegalArgumentException("FIRST_MATCH needs a predicate: use firstMatch(...)");
        }
        return run(targets, deadline, policy, value -> false);
    }

    /** FIRST_MATCH: the first answer for which {@code matches} holds wins. */
    public <T> Uni<Gathered<T>> firstMatch(Map<String, Supplier<Uni<T>>> targets, Duration deadline,
            Predicate<T> matches) {
        return run(targets, deadline, Policy.FIRST_MATCH, Objects.requireNonNull(matches, "matches"));
    }

    private <T> Uni<Gathered<T>> run(Map<String, Supplier<Uni<T>>> targets, Duration deadline, Policy policy,
            Predicate<T> matches) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        Map<String, Supplier<Uni<T>>> ordered = new LinkedHashMap<>(targets);
        return Uni.createFrom().emitter(emitter -> new Run<>(ordered, deadline, policy, matches, emitter).start());
    }

    /** The state of one scatter; every transition happens under its lock. */
    private final class Run<T> {
        private final List<String> names;
        private final List<Supplier<Uni<T>>> calls;
        private final Duration deadline;
        private final Policy policy;
        private final Predicate<T> matches;
        private final UniEmitter<? super Gathered<T>> emitter;
        private final Outcome<T>[] outcomes;
        private final Cancellable[] running;
        private final long started = timer.nanoTime();
        private Timer.Cancellable deadlineTask;
        private int pending;
        private boolean finished;

        @SuppressWarnings("unchecked")
        Run(Map<String, Supplier<Uni<T>>> targets, Duration deadline, Policy policy, Predicate<T> matches,
                UniEmitter<? super Gathered<T>> emitter) {
            this.names = new ArrayList<>(targets.keySet());
            this.calls = new ArrayList<>(targets.values());
            this.deadline = deadline;
            this.policy = policy;
            this.matches = matches;
            this.emitter = emitter;
            this.outcomes = new Outcome[names.size()];
            this.running = new Cancellable[names.size()];
            this.pending = names.size();
        }

        void start() {
            emitter.onTermination(() -> finish(false));
            synchronized (this) {
                if (pending == 0) {
                    finish(false);
                    return;
                }
                deadlineTask = timer.schedule(deadline, () -> finish(true));
            }
            for (int i = 0; i < names.size(); i++) {
                int index = i;
                Uni<T> call;
                try {
                    call = Objects.requireNonNull(calls.get(i).get(), "a target returned no Uni");
                } catch (RuntimeException e) {
                    record(index, new Outcome.Failed<>(names.get(index), e, elapsed()), false);
                    continue;
                }
                Cancellable subscription = call.subscribe().with(
                        value -> record(index, new Outcome.Answered<>(names.get(index), value, elapsed()),
                                policy == Policy.FIRST_MATCH && matches.test(value)),
                        error -> record(index, new Outcome.Failed<>(names.get(index), error, elapsed()),
                                policy == Policy.ALL));
                synchronized (this) {
                    if (outcomes[index] == null && !finished) {
                        running[index] = subscription;
                    } else if (outcomes[index] == null) {
                        subscription.cancel();
                    }
                }
            }
        }

        private void record(int index, Outcome<T> outcome, boolean decisive) {
            synchronized (this) {
                if (finished || outcomes[index] != null) {
                    return;
                }
                outcomes[index] = outcome;
                running[index] = null;
                pending--;
                if (pending > 0 && !decisive) {
                    return;
                }
            }
            finish(false);
        }

        /** Ends the scatter: whatever has not answered is cancelled, as timed out or as no longer needed. */
        private void finish(boolean deadlinePassed) {
            List<Cancellable> toCancel = new ArrayList<>();
            Gathered<T> result;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                if (deadlineTask != null) {
                    deadlineTask.cancel();
                }
                Duration now = elapsed();
                for (int i = 0; i < outcomes.length; i++) {
                    if (outcomes[i] == null) {
                        outcomes[i] = deadlinePassed ? new Outcome.TimedOut<>(names.get(i), now)
                                : new Outcome.Cancelled<>(names.get(i), now);
                        if (running[i] != null) {
                            toCancel.add(running[i]);
                        }
                    }
                }
                result = new Gathered<>(policy, Arrays.asList(outcomes));
            }
            toCancel.forEach(Cancellable::cancel);
            emitter.complete(result);
        }

        private Duration elapsed() {
            return Duration.ofNanos(timer.nanoTime() - started);
        }
    }
}
