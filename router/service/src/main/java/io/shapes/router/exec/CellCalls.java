package io.shapes.router.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.shapes.core.Json;
import io.shapes.router.cells.CellCall;
import io.shapes.router.routing.ShapeRequest;

/** The cell call that serves a request: a pure translation to the cell's internal API. */
public final class CellCalls {
    private static final String BASE = "/internal/v1";

    private CellCalls() {
    }

    public static CellCall of(ShapeRequest request) {
        if (request instanceof ShapeRequest.Put put) {
            String body = Json.write(Map.of("type", put.type(), "id", put.id().toString()));
            return new CellCall("POST", BASE + "/tenants/" + put.tenant() + "/shapes", Optional.of(body),
                    put.idempotencyKey());
        }
        if (request instanceof ShapeRequest.Get get) {
            return CellCall.get(BASE + "/tenants/" + get.tenant() + "/shapes/" + get.id());
        }
        if (request instanceof ShapeRequest.Count count) {
            return CellCall.get(BASE + "/tenants/" + count.tenant() + "/counts?type=" + encode(count.type()));
        }
        if (request instanceof ShapeRequest.CountAllTypes all) {
            return CellCall.get(BASE + "/tenants/" + all.tenant() + "/counts");
        }
        ShapeRequest.GlobalCount global = (ShapeRequest.GlobalCount) request;
        return CellCall.get(BASE + "/counts?type=" + encode(global.type()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
