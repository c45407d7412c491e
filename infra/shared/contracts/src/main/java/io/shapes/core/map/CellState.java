package io.shapes.core.map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A cell's state in the routing map. */
public enum CellState {
    /** Serves its ranges and may receive new ones. */
    ACTIVE,
    /** Its ranges are being moved away; it receives no new ranges. */
    DRAINING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static CellState parse(String name) {
        for (CellState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown cell state '" + name + "'; expected active or draining");
    }
}
