package io.shapes.router.cells;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Json;

/** What a cell answered: status and JSON body (a result, or a problem from the catalogue). */
public record CellResponse(int status, String body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem code of an error body, if it has one; an answer of 2xx has none (its body is not parsed). */
    public Optional<String> code() {
        return problem().map(node -> node.path("code").asText(null));
    }

    public Optional<Long> retryAfterMs() {
        return problem().map(node -> node.path("retryAfterMs")).filter(JsonNode::isNumber).map(JsonNode::asLong);
    }

    /** The body of an error answer, parsed; a success is passed on as it came and never parsed for these. */
    private Optional<JsonNode> problem() {
        return ok() ? Optional.empty() : json();
    }

    /** A failure of the cell itself (counts against its breaker), as opposed to a verdict about the request. */
    public boolean isCellFailure() {
        if (status < 500) {
            return false;
        }
        String code = code().orElse("");
        // load (overloaded), a split's fence (moving) and a full cell are answers of a healthy cell: counting them
        // would let one tenant's burst open the breaker for every tenant of the cell
        return !code.equals("overloaded") && !code.equals("moving") && !code.equals("cell-full");
    }

    public Optional<JsonNode> json() {
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
