package io.shapes.scatter;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every target's outcome of one scatter, in target order, and whether the policy was met. Merging the answers is
 * left to a pure function ({@link #merge}).
 */
public record Gathered<T>(Policy policy, List<Outcome<T>> outcomes) {
    public Gathered {
        outcomes = List.copyOf(outcomes);
    }

    public List<T> values() {
        return outcomes.stream().flatMap(o -> o.answer().stream()).toList();
    }

    /** Targets that did not answer (failed or timed out); cancelled losers of a first match are not missing. */
    public List<String> missing() {
        return outcomes.stream().filter(o -> o instanceof Outcome.Failed<T> || o instanceof Outcome.TimedOut<T>)
                .map(Outcome::target).toList();
    }

    public boolean isPartial() {
        return !missing().isEmpty();
    }

    /** Whether the policy's condition holds: ALL answered; PARTIAL at least one answered; FIRST_MATCH always. */
    public boolean policyMet() {
        return switch (policy) {
            case ALL -> missing().isEmpty();
            case PARTIAL -> outcomes.stream().anyMatch(Outcome::answered);
            case FIRST_MATCH -> true;
        };
    }

    /** The first answered value ({@link Policy#FIRST_MATCH}). */
    public Optional<T> first() {
        return values().stream().findFirst();
    }

    public <R> R merge(Function<List<T>, R> merge) {
        return merge.apply(values());
    }
}
