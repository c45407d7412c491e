package io.shapes.cellmanager.autopilot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.cli.UsageException;
import io.shapes.core.Json;

/**
 * Provisions cells with the local launcher: {@code infra/shapes start-cell NAME} (the launcher at
 * {@code $SHAPES_LAUNCHER}, else {@code infra/shapes} under the working directory). A cell the launcher runs already
 * is found in {@code infra/shapes status --json}.
 */
record LauncherProvisioner(Path launcher, Path workingDirectory) implements Provisioner {

    static LauncherProvisioner from(Map<String, String> environment, Path workingDirectory) {
        String configured = environment.get("SHAPES_LAUNCHER");
        Path launcher = configured != null && !configured.isBlank() ? Path.of(configured)
                : workingDirectory.resolve("infra/shapes");
        if (!Files.isExecutable(launcher)) {
            throw new UsageException("--provisioner launcher: no launcher at " + launcher + "; run from the repository"
                    + " root or set SHAPES_LAUNCHER");
        }
        return new LauncherProvisioner(launcher.toAbsolutePath(), workingDirectory);
    }

    @Override
    public URI provision(String name) {
        return running(name).orElseGet(() -> Provisioner.lastLineUrl(command("start-cell", name),
                ProvisionCommand.run(command("start-cell", name), workingDirectory)));
    }

    private Optional<URI> running(String name) {
        String status = ProvisionCommand.run(command("status", "--json"), workingDirectory);
        try {
            for (JsonNode cell : Json.MAPPER.readTree(status).path("cells")) {
                if (name.equals(cell.path("name").asText())) {
                    return Optional.of(URI.create(cell.path("url").asText()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("the launcher's status --json was not JSON: " + e.getMessage(), e);
        }
    }

    private List<String> command(String... args) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(launcher.toString()),
                java.util.Arrays.stream(args)).toList();
    }

    @Override
    public String describe() {
        return "the local launcher (" + launcher + " start-cell)";
    }
}
