package io.shapes.cellmanager.autopilot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One decision of the autopilot about one cell, with its reason: split it into a new cell, merge it into another,
 * or wait (it would act, but something holds it back).
 */
public record Decision(Action action, CellFill cell, String target, String reason) {

    public enum Action {
        SPLIT, MERGE, WAIT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Decision split(CellFill cell, String target, String reason) {
        return new Decision(Action.SPLIT, cell, target, reason);
    }

    static Decision merge(CellFill cell, String target, String reason) {
        return new Decision(Action.MERGE, cell, target, reason);
    }

    static Decision waitFor(CellFill cell, String reason) {
        return new Decision(Action.WAIT, cell, null, reason);
    }

    /** The fields of the decision for its JSON line. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", action.wireName());
        fields.put("cell", cell.name());
        fields.put("target", target);
        fields.put("shapes", cell.shapes());
        fields.put("capacity", cell.capacity());
        fields.put("fill", Math.round(cell.percent() * 10) / 10.0);
        fields.put("reason", reason);
        return fields;
    }

    /** One line for people. */
    public String text() {
        String fill = String.format(Locale.ROOT, "%s (%.1f %%, %,d of %,d shapes)", cell.name(), cell.percent(),
                cell.shapes(), cell.capacity());
        return switch (action) {
            case SPLIT -> "split " + fill + " into new cell " + target + ": " + reason;
            case MERGE -> "merge " + fill + " into " + target + ": " + reason;
            case WAIT -> "wait on " + fill + ": " + reason;
        };
    }
}
