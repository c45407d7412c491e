package io.shapes.bench;

import java.time.Duration;

/** Prints the steps of a long benchmark with the time spent and an estimate of what is left (stderr). */
public final class Progress {
    private final long start = System.nanoTime();
    private final Duration planned;

    public Progress(Duration planned) {
        this.planned = planned;
    }

    public void step(String message) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Duration left = planned.minus(elapsed);
        System.err.printf("[%3ds | ETA %3ds] %s%n", elapsed.toSeconds(), Math.max(0, left.toSeconds()), message);
    }
}
