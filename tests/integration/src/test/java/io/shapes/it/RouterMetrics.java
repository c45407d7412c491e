package io.shapes.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a service's Prometheus endpoint (on its management port): the sum of every series of a metric. */
final class RouterMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RouterMetrics() {
    }

    /** The sum over all label sets of {@code metric} at {@code service}/q/metrics (0 when it has none). */
    static double sum(URI service, String metric) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(service.resolve("/q/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                    sum += Double.parseDouble(sampleValue(line));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new AssertionError("no metrics from " + service + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** A sample line's value: its last field before an OpenMetrics exemplar ({@code  # {trace_id=…} 1.0 …}), if any. */
    private static String sampleValue(String line) {
        String sample = line.split(" # ", 2)[0].trim();
        return sample.substring(sample.lastIndexOf(' ') + 1);
    }
}
