package io.shapes.cellmanager;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.cellmanager.autopilot.Decision;
import io.shapes.core.Json;

/**
 * The autopilot's record of what it decided and did, on stdout: one line per decision or step, with its time and
 * reason; with {@code --json}, one JSON object per line.
 */
final class AutopilotLog {
    private final boolean json;

    AutopilotLog(boolean json) {
        this.json = json;
    }

    void decision(Decision decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", Instant.now().toString());
        fields.put("kind", "decision");
        fields.putAll(decision.fields());
        print(fields, decision.text());
    }

    /** A step of an operation ({@code action}: the state it reached, or resumed, failed, started) and what it did. */
    void event(String action, String cell, String target, String detail) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("at", Instant.now().toString());
        fields.put("kind", "event");
        fields.put("action", action);
        fields.put("cell", cell);
        fields.put("target", target);
        fields.put("reason", detail);
        print(fields, action + " " + (cell == null ? "" : cell + (target == null ? "" : " → " + target))
                + (detail == null ? "" : ": " + detail));
    }

    private synchronized void print(Map<String, Object> fields, String text) {
        System.out.println(json ? Json.write(fields) : fields.get("at") + " " + text);
        System.out.flush();
    }
}
