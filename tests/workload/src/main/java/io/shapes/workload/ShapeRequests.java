package io.shapes.workload;

import java.net.URI;
import java.net.http.HttpRequest;

/** The public API's requests as a tenant sends them through a router: with its API key, ready to build or extend. */
public final class ShapeRequests {
    private ShapeRequests() {
    }

    /** {@code POST /v1/tenants/{tenant}/shapes} with {@code {"type":TYPE}}. */
    public static HttpRequest.Builder put(URI router, String tenant, String type, String apiKey) {
        return asTenant(router.resolve("/v1/tenants/" + tenant + "/shapes"), apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\"}"));
    }

    /** {@code GET /v1/tenants/{tenant}/shapes/{id}}. */
    public static HttpRequest.Builder get(URI router, String tenant, String id, String apiKey) {
        return asTenant(router.resolve("/v1/tenants/" + tenant + "/shapes/" + id), apiKey).GET();
    }

    /** {@code GET /v1/tenants/{tenant}/counts}. */
    public static HttpRequest.Builder counts(URI router, String tenant, String apiKey) {
        return asTenant(router.resolve("/v1/tenants/" + tenant + "/counts"), apiKey).GET();
    }

    private static HttpRequest.Builder asTenant(URI uri, String apiKey) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + apiKey);
    }
}
