package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Json;

/**
 * The deployment's processes as Prometheus scrape targets, in its file-based service discovery format
 * ({@code file_sd_configs}): {@code monitoring/targets.json} beside {@code deployment.json}, rewritten whenever the
 * deployment is saved, so that Prometheus with {@code infra/monitoring/prometheus.yml} follows cells as they come and
 * go. Every target is labelled with its job ({@code shapes-cell}, {@code shapes-router}, {@code shapes-publisher})
 * and its name as {@code instance}.
 */
final class ScrapeTargets {
    static final String FILE = "monitoring/targets.json";

    /** One process to scrape. */
    record Target(String job, String name, URI base, String metricsPath) {
        static Target quarkus(String job, ServiceProcess service) {
            return new Target(job, service.name(), service.managementUrl(), "/q/metrics");
        }

        Map<String, Object> toJson() {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("job", job);
            labels.put("instance", name);
            labels.put("__metrics_path__", metricsPath);
            return Map.of("targets", List.of(base.getHost() + ":" + base.getPort()), "labels", labels);
        }
    }

    private ScrapeTargets() {
    }

    static List<Target> of(List<CellNode> cells, List<RouterNode> routers, PublisherNode publisher) {
        List<Target> targets = new ArrayList<>();
        cells.forEach(cell -> targets.add(Target.quarkus("shapes-cell", cell.service())));
        routers.forEach(router -> targets.add(Target.quarkus("shapes-router", router.service())));
        if (publisher != null) {
            targets.add(new Target("shapes-publisher", PublisherNode.NAME, publisher.url(), "/metrics"));
        }
        return targets;
    }

    static void write(Path dir, List<Target> targets) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(targets.stream().map(Target::toJson).toList()));
            // Prometheus re-reads the file when it changes: it never sees half of one
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
