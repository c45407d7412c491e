package io.shapes.core.cellapi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of a bucket range in a cell's ownership table (DESIGN.md, "Fencing"). A range a cell does not hold
 * is {@link #NONE}. Legal transitions are data ({@link #TRANSITIONS}); everything else is refused.
 */
public enum OwnershipState {
    /** Not held: data requests get 421. */
    NONE,
    /** Being filled by a split: accepts imports, data requests get 421. */
    INCOMING,
    /** Served: reads and writes. */
    OWNED,
    /** Being moved away: reads served, writes get 503 moving. */
    FENCED;

    private static final Map<OwnershipState, Set<OwnershipState>> TRANSITIONS = Map.of(
            NONE, Set.of(INCOMING, OWNED),
            INCOMING, Set.of(OWNED, NONE),
            OWNED, Set.of(FENCED),
            FENCED, Set.of(OWNED, NONE));

    public boolean canBecome(OwnershipState next) {
        return this == next || TRANSITIONS.get(this).contains(next);
    }

    public boolean servesReads() {
        return this == OWNED || this == FENCED;
    }

    public static Optional<OwnershipState> parse(String name) {
        for (OwnershipState state : values()) {
            if (state.name().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
