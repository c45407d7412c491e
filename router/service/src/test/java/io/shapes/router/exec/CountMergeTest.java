package io.shapes.router.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Json;
import io.shapes.core.Placement;
import io.shapes.core.ShapeTypes;
import io.shapes.router.routing.ShapeRequest;

/** Counts add across cells, per-type counts add key by key, and a partial result always says which cells it lacks. */
class CountMergeTest {
    private static final Placement WIDE = new Placement(List.of(1, 2, 3));

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void aTenantsCountIsTheSumOfItsCellsCounts() {
        Map<String, Object> body = CountMerge.body(new ShapeRequest.Count("acme", WIDE, "circle"),
                List.of(json("{\"count\":3}"), json("{\"count\":0}"), json("{\"count\":39}")), List.of(),
                ShapeTypes.DEFAULT);
        assertEquals(Map.of("tenant", "acme", "type", "circle", "count", 42L, "partial", false), body);
    }

    @Test
    void perTypeCountsAddKeyByKeyAndEveryTypeIsListed() {
        Map<String, Object> body = CountMerge.body(new ShapeRequest.CountAllTypes("acme", WIDE),
                List.of(json("{\"counts\":{\"circle\":2,\"square\":1}}"), json("{\"counts\":{\"circle\":5}}")),
                List.of(), ShapeTypes.DEFAULT);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("triangle", 0L);
        counts.put("circle", 7L);
        counts.put("rhombus", 0L);
        counts.put("square", 1L);
        assertEquals(counts, body.get("counts"));
        assertEquals(List.copyOf(counts.keySet()), List.copyOf(((Map<?, ?>) body.get("counts")).keySet()),
                "the types in their configured order");
        assertEquals(8L, body.get("total"));
        assertEquals(false, body.get("partial"));
    }

    @Test
    void aPartialGlobalCountNamesTheCellsItLacks() {
        Map<String, Object> body = CountMerge.body(new ShapeRequest.GlobalCount("square"),
                List.of(json("{\"count\":10}")), List.of("cell-2", "cell-3"), ShapeTypes.DEFAULT);
        assertEquals(10L, body.get("count"));
        assertEquals(true, body.get("partial"));
        assertEquals(List.of("cell-2", "cell-3"), body.get("missingCells"));
    }

    @Test
    void noAnswersAndNoMissingCellsIsAnExactZero() {
        Map<String, Object> body = CountMerge.body(new ShapeRequest.GlobalCount("square"), List.of(), List.of(),
                ShapeTypes.DEFAULT);
        assertEquals(0L, body.get("count"));
        assertEquals(false, body.get("partial"));
        assertEquals(false, body.containsKey("missingCells"), "missingCells only on a partial result");
    }
}
