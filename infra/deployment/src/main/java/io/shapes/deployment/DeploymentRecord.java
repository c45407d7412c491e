package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.shapes.core.Json;

/**
 * What a deployment is made of, saved as {@code deployment.json} in its directory so that a later run (or another
 * JVM) finds the same tokens, ports and processes. Mode 0600: it holds the admin token and the cells' tokens. A
 * record of an older build (one shared internal token) reads with {@code cellTokens} null: new tokens are made; one
 * from before the published snapshot reads with {@code publisher} null: the publisher starts with the first router;
 * {@code autopilot} is null unless {@code up --autopilot} started one, {@code console} unless {@code up} started one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentRecord(LocalDeployment.Settings settings, String adminToken, CellTokens cellTokens,
        List<Service> cells, List<Service> routers, Service publisher, Service autopilot, Service console) {
    static final String FILE = "deployment.json";

    public DeploymentRecord {
        cells = List.copyOf(cells);
        routers = List.copyOf(routers);
    }

    /**
     * One service process: where it listens (service and management ports), its last pid, the command that starts it and what its environment adds
     * (the paths of its secret files).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(String name, int port, int managementPort, long pid, List<String> command,
            Map<String, String> environment) {
        public Service {
            command = List.copyOf(command);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }

        static Service of(ServiceProcess process) {
            return new Service(process.name(), process.url().getPort(), process.managementUrl().getPort(), process.pid(),
                    process.command(), process.environment());
        }
    }

    public static Optional<DeploymentRecord> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), DeploymentRecord.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve(FILE + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + dir.resolve(FILE), e);
        }
    }
}
