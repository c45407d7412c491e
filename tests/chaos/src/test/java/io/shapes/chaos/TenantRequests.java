package io.shapes.chaos;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A probe's request as a tenant: its status, or 0 when no answer came within 5 s. */
final class TenantRequests {
    private TenantRequests() {
    }

    /** {@code request} (from {@link io.shapes.workload.ShapeRequests}, with the tenant's key) sent with a 5 s timeout. */
    static int status(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
