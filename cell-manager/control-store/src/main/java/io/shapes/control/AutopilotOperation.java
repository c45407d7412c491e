package io.shapes.control;

import java.time.Instant;
import java.util.Locale;

/**
 * One operation of the autopilot as persisted: a split of {@code source} into a new cell {@code target}, or a merge
 * of the nearly empty {@code source} into {@code target}; {@code reason} says why it was decided.
 */
public record AutopilotOperation(long id, Kind kind, String source, String target, State state, String reason,
        String detail, Instant startedAt, Instant updatedAt) {

    public enum Kind {
        SPLIT, MERGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** A split goes provisioning → registering → moving → done; a merge moving → removing → done. */
    public enum State {
        PROVISIONING, REGISTERING, MOVING, REMOVING, DONE, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinished() {
            return this == DONE || this == FAILED;
        }

        static State parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** Whether the operation involves {@code cell}. */
    public boolean involves(String cell) {
        return source.equals(cell) || target.equals(cell);
    }
}
