package io.shapes.cellmanager.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One router as the console sees it, read from its Prometheus endpoint ({@code /q/metrics} on its management port):
 * map version and age, requests in flight, requests shed per second (since the previous look), and the cells whose
 * breaker it holds open.
 */
final class RouterMetricsSource {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String name;
    private final URI management;
    private double lastShed = -1;
    private long lastLookNanos;

    RouterMetricsSource(String name, URI management) {
        this.name = name;
        this.management = management;
    }

    /** NAME=URL, as --router takes it. */
    static RouterMetricsSource parse(String option) {
        int equals = option.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("--router must be NAME=MANAGEMENT_URL, e.g. router-1=http://127.0.0.1:9000");
        }
        URI url = URI.create(option.substring(equals + 1));
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--router " + option.substring(0, equals) + ": not an http(s) URL");
        }
        return new RouterMetricsSource(option.substring(0, equals), url);
    }

    synchronized Map<String, Object> look() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        String text;
        try {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(management.resolve("/q/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            text = scrape.statusCode() == 200 ? scrape.body() : null;
        } catch (java.io.IOException e) {
            text = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text = null;
        }
        view.put("answering", text != null);
        if (text == null) {
            return view;
        }
        view.put("mapVersion", (long) sum(text, "shapes_router_map_version"));
        view.put("mapAgeSeconds", round(sum(text, "shapes_router_map_age_seconds")));
        view.put("inFlight", (long) sum(text, "shapes_router_requests_in_flight"));
        double shed = sum(text, "shapes_router_requests_shed_total");
        long now = System.nanoTime();
        view.put("shedPerSecond", lastShed < 0 ? 0.0 : round((shed - lastShed) / Math.max(0.001, (now - lastLookNanos) / 1e9)));
        lastShed = shed;
        lastLookNanos = now;
        List<String> open = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("shapes_router_cell_breaker_open{") && sampleValue(line).equals("1.0")) {
                int at = line.indexOf("cell=\"");
                if (at >= 0) {
                    open.add(line.substring(at + 6, line.indexOf('"', at + 6)));
                }
            }
        }
        view.put("breakersOpen", open);
        return view;
    }

    private static double sum(String text, String metric) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                sum += Double.parseDouble(sampleValue(line));
            }
        }
        return sum;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A sample line's value: its last field before an OpenMetrics exemplar ({@code  # {trace_id=…} 1.0 …}), if any. */
    private static String sampleValue(String line) {
        String sample = line.split(" # ", 2)[0].trim();
        return sample.substring(sample.lastIndexOf(' ') + 1);
    }
}
