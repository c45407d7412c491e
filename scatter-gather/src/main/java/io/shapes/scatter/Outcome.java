package io.shapes.scatter;

import java.time.Duration;
import java.util.Optional;

/** What one target did within the deadline: answered, failed, or ran out of time. With its latency. */
public sealed interface Outcome<T> {
    String target();

    Duration latency();

    /** The target answered. An empty answer ({@code Optional.empty()} inside T) is still an answer. */
    record Answered<T>(String target, T value, Duration latency) implements Outcome<T> {
    }

    /** The target failed before the deadline. */
    record Failed<T>(String target, Throwable error, Duration latency) implements Outcome<T> {
    }

    /** The deadline passed first; the call was cancelled. */
    record TimedOut<T>(String target, Duration latency) implements Outcome<T> {
    }

    /** Cancelled because another target already gave the answer ({@link Policy#FIRST_MATCH}). */
    record Cancelled<T>(String target, Duration latency) implements Outcome<T> {
    }

    default Optional<T> answer() {
        return this instanceof Answered<T> answered ? Optional.of(answered.value()) : Optional.empty();
    }

    default boolean answered() {
        return this instanceof Answered<T>;
    }
}
