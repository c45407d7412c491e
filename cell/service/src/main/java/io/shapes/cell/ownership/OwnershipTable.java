package io.shapes.cell.ownership;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeOwnership;

/**
 * An immutable snapshot of what a cell holds: one state per bucket (O(1) lookups on the request path), shown as
 * ranges. Changes produce a new table and are checked against {@link OwnershipState}'s legal transitions.
 */
public final class OwnershipTable {
    private static final OwnershipState[] STATES = OwnershipState.values();
    private final byte[] states;

    private OwnershipTable(byte[] states) {
        this.states = states;
    }

    public static OwnershipTable empty() {
        return new OwnershipTable(new byte[Buckets.COUNT]);
    }

    public static OwnershipTable of(List<RangeOwnership> ranges) {
        OwnershipTable table = empty();
        for (RangeOwnership range : ranges) {
            Arrays.fill(table.states, range.from(), range.to(), (byte) range.state().ordinal());
        }
        return table;
    }

    public OwnershipState stateOf(int bucket) {
        return STATES[states[bucket]];
    }

    /** The table with {@code range} in {@code next}; every bucket of the range must be allowed to move there. */
    public OwnershipTable apply(BucketRange range, OwnershipState next) {
        for (RangeOwnership current : ranges(range)) {
            if (!current.state().canBecome(next)) {
                throw new IllegalOwnershipChangeException(current.range(), current.state(), next);
            }
        }
        byte[] copy = states.clone();
        Arrays.fill(copy, range.from(), range.to(), (byte) next.ordinal());
        return new OwnershipTable(copy);
    }

    /** Whether every bucket of {@code range} is in one of {@code allowed}. */
    public boolean allIn(BucketRange range, OwnershipState... allowed) {
        List<OwnershipState> ok = List.of(allowed);
        for (int b = range.from(); b < range.to(); b++) {
            if (!ok.contains(stateOf(b))) {
                return false;
            }
        }
        return true;
    }

    /** The held ranges (state other than NONE), merged where neighbours share a state. */
    public List<RangeOwnership> held() {
        return ranges(BucketRange.ALL).stream().filter(r -> r.state() != OwnershipState.NONE).toList();
    }

    /** The runs of equal state within {@code window}, NONE included. */
    public List<RangeOwnership> ranges(BucketRange window) {
        List<RangeOwnership> runs = new ArrayList<>();
        int start = window.from();
        for (int b = window.from() + 1; b <= window.to(); b++) {
            if (b == window.to() || states[b] != states[start]) {
                runs.add(new RangeOwnership(start, b, stateOf(start)));
                start = b;
            }
        }
        return runs;
    }

    /** A change that {@link OwnershipState} does not allow. */
    public static final class IllegalOwnershipChangeException extends IllegalStateException {
        public IllegalOwnershipChangeException(BucketRange range, OwnershipState from, OwnershipState to) {
            super("buckets " + range + " are " + from + " and cannot become " + to);
        }
    }
}
