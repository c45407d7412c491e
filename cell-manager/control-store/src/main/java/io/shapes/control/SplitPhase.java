package io.shapes.control;

import java.util.Map;
import java.util.Set;

/**
 * The phases of an online split (DESIGN.md, "Splitting a cell online"), with the legal moves as data. Every move
 * is persisted before the work of the new phase starts, so a re-run knows where to resume.
 */
public enum SplitPhase {
    PLANNED, COPYING, CATCHING_UP, FENCED, VERIFIED, SWITCHED, CLEANING, DONE, ABORTING, ABORTED;

    private static final Map<SplitPhase, Set<SplitPhase>> NEXT = Map.of(
            PLANNED, Set.of(COPYING, ABORTING),
            COPYING, Set.of(CATCHING_UP, ABORTING),
            CATCHING_UP, Set.of(FENCED, ABORTING),
            FENCED, Set.of(VERIFIED, ABORTING),
            VERIFIED, Set.of(SWITCHED, ABORTING),
            SWITCHED, Set.of(CLEANING),
            CLEANING, Set.of(DONE),
            DONE, Set.of(),
            ABORTING, Set.of(ABORTED),
            ABORTED, Set.of());

    public boolean canMoveTo(SplitPhase next) {
        return NEXT.get(this).contains(next);
    }

    public boolean isFinished() {
        return this == DONE || this == ABORTED;
    }

    /** Before the switch a split can still be undone; after it, the target owns the range. */
    public boolean isAbortable() {
        return canMoveTo(ABORTING);
    }

    /** From the first copied page until the clean-up starts, the range's rows are on both cells. */
    public boolean holdsBothSides() {
        return Set.of(COPYING, CATCHING_UP, FENCED, VERIFIED, SWITCHED).contains(this);
    }

    /** The source no longer takes writes to the range (from the fence on, until an abort or the end). */
    public boolean isFenced() {
        return Set.of(FENCED, VERIFIED, SWITCHED, CLEANING, DONE).contains(this);
    }

    public String wireName() {
        return name().toLowerCase().replace('_', '-');
    }

    public static SplitPhase parse(String text) {
        return valueOf(text.toUpperCase().replace('-', '_'));
    }

    /** An attempt to move a split between phases that are not adjacent. */
    public static final class IllegalPhaseChangeException extends ControlStoreException {
        public IllegalPhaseChangeException(long splitId, SplitPhase from, SplitPhase to) {
            super("split " + splitId + " cannot move from " + from.wireName() + " to " + to.wireName());
        }
    }
}
