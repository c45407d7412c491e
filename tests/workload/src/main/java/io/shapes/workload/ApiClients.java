package io.shapes.workload;

import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP client a test client of the public API uses. */
public final class ApiClients {
    private ApiClients() {
    }

    /**
     * HTTP/1.1 with keep-alive, as most API clients speak it (over h2c the JDK client allocates frame buffers per
     * request, and its JVM's collections showed in the latencies it measured), and a 2 s connect timeout.
     */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }
}
