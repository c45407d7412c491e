package io.shapes.control;

/**
 * The splits not yet finished, as monitoring sees them: how many, and how long the one that has waited longest in its
 * current phase has been there (0 when none runs). A split that stays in one phase for many minutes is stuck.
 */
public record SplitsInFlight(int running, double longestInPhaseSeconds) {
    public static final SplitsInFlight NONE = new SplitsInFlight(0, 0);
}
