package io.shapes.scatter;

/** What a scatter needs before it may answer. Explicit, so that partial results are never an accident. */
public enum Policy {
    /** Every target must answer; one failure or time-out fails the whole call. */
    ALL,
    /** At least one target must answer; the others are listed as missing. */
    PARTIAL,
    /** The first answer that matches wins and the rest are cancelled; none matching is "not found". */
    FIRST_MATCH
}
