package io.shapes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Json;

/** A benchmark's report: {@code report.json} and {@code report.md} in its directory, the table echoed to stdout. */
public final class Report {
    private Report() {
    }

    /** The figures every report starts with: when, on what, and how the load was run. */
    public static Map<String, Object> header(int concurrency, int rounds, long roundSeconds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", LocalDateTime.now().toString());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        json.put("concurrency", concurrency);
        json.put("rounds", rounds);
        json.put("roundSeconds", roundSeconds);
        return json;
    }

    /** A run's time stamp, for its directory name. */
    public static String stamp() {
        return LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    public static void write(Path dir, Map<String, Object> json, List<String> markdown) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.writeString(dir.resolve("report.md"), String.join("\n", markdown) + "\n");
        System.out.println(String.join("\n", markdown));
        System.out.println("report: " + dir.resolve("report.md"));
    }
}
