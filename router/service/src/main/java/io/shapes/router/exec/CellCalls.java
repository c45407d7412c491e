package io.shapes.router.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.shapes.core.Json;
import io.shapes.router.cells.CellCall;
import io.shapes.router.routing.ShapeRequest;

/** The cell call that serves a request: a pure translation to the cell's internal API. */
public final class CellCalls {
    private static final String BASE = "/internal/v1";

    private CellCalls() {
    }

    /** The call for a request that reaches one cell: for a count, the buckets the cell is asked for, if any. */
    public static CellCall of(ShapeRequest request) {
        return of(request, List.of());
    }

    /**
     * The call of {@code request} to a cell that must serve {@code buckets} (a count: else it answers {@code 421});
     * none: the cell counts what it serves.
     */
    public static CellCall of(ShapeRequest request, List<Integer> buckets) {
        if (request instanceof ShapeRequest.Put put) {
            String body = Json.write(Map.of("type", put.type(), "id", put.id().toString()));
            return CellCall.post(BASE + "/tenants/" + put.tenant() + "/shapes", body, put.idempotencyKey());
        }
        if (request instanceof ShapeRequest.Get get) {
            return CellCall.shapeRead(get.tenant(), get.id().toString());
        }
        if (request instanceof ShapeRequest.Count count) {
            return CellCall.get(BASE + "/tenants/" + count.tenant() + "/counts?type=" + encode(count.type())
                    + bucketsParameter("&", buckets));
        }
        if (request instanceof ShapeRequest.CountAllTypes all) {
            return CellCall.get(BASE + "/tenants/" + all.tenant() + "/counts" + bucketsParameter("?", buckets));
        }
        ShapeRequest.GlobalCount global = (ShapeRequest.GlobalCount) request;
        return CellCall.get(BASE + "/counts?type=" + encode(global.type()));
    }

    private static String bucketsParameter(String separator, List<Integer> buckets) {
        return buckets.isEmpty() ? "" : separator + "buckets=" + buckets.stream().map(String::valueOf)
                .collect(Collectors.joining(","));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
