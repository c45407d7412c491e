package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.control.Split;

/** How a split command reports a split: JSON for machines, one line for people. */
final class SplitOutcome {
    private SplitOutcome() {
    }

    static Map<String, Object> json(Split split) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("splitId", split.id());
        json.put("source", split.source());
        json.put("target", split.target());
        json.put("range", split.range().toString());
        json.put("phase", split.phase().wireName());
        json.put("rowsCopied", split.rowsCopied());
        json.put("writePauseMs", split.writePauseMs());
        json.put("mapVersion", split.mapVersion());
        return json;
    }

    static String text(Split split) {
        return "split " + split.id() + " of " + split.source() + " into " + split.target() + " (" + split.range()
                + "): " + split.phase().wireName() + ", " + split.rowsCopied() + " rows copied"
                + (split.writePauseMs() == null ? "" : ", write pause " + split.writePauseMs() + " ms")
                + (split.mapVersion() == null ? "" : ", map version " + split.mapVersion());
    }
}
