package io.shapes.router.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.ShapeTypes;
import io.shapes.router.routing.ShapeRequest;
import io.shapes.scatter.Merges;

/**
 * Builds the public count bodies from the cells' answers: counts add, per-type counts add key by key. A pure
 * function of the answers and the cells that did not answer; partial results always say so.
 */
public final class CountMerge {
    private CountMerge() {
    }

    public static Map<String, Object> body(ShapeRequest request, List<JsonNode> answers, List<String> missing,
            ShapeTypes types) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (request instanceof ShapeRequest.Count count) {
            body.put("tenant", count.tenant());
            body.put("type", count.type());
            body.put("count", Merges.sum(answers.stream().map(a -> a.path("count").asLong()).toList()));
        } else if (request instanceof ShapeRequest.CountAllTypes all) {
            List<Map<String, Long>> perCell = new ArrayList<>();
            for (JsonNode answer : answers) {
                Map<String, Long> counts = new LinkedHashMap<>();
                answer.path("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
                perCell.add(counts);
            }
            Map<String, Long> merged = new LinkedHashMap<>();
            types.allowed().forEach(type -> merged.put(type, 0L));
            Merges.sumByKey(perCell).forEach((type, n) -> merged.merge(type, n, Long::sum));
            body.put("tenant", all.tenant());
            body.put("counts", merged);
            body.put("total", Merges.sum(new ArrayList<>(merged.values())));
        } else {
            ShapeRequest.GlobalCount global = (ShapeRequest.GlobalCount) request;
            body.put("type", global.type());
            body.put("count", Merges.sum(answers.stream().map(a -> a.path("count").asLong()).toList()));
        }
        body.put("partial", !missing.isEmpty());
        if (!missing.isEmpty()) {
            body.put("missingCells", missing);
        }
        return body;
    }
}
