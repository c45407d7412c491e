package io.shapes.cellmanager.autopilot;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.shapes.cli.UsageException;

/**
 * Provisions cells on Kubernetes: {@code infra/k8s/add-cell NAME OVERLAY} renders the cell into the overlay (unless it
 * is there already), {@code kubectl apply -k} applies it, and the cell's Service answers at {@code http://NAME:8081}.
 * The overlay is {@code $SHAPES_K8S_OVERLAY} (default {@code local}); the manifests are {@code $SHAPES_K8S_DIR} (default
 * {@code infra/k8s} under the working directory).
 */
record KubernetesProvisioner(Path manifests, String overlay, Path workingDirectory) implements Provisioner {
    static final int CELL_PORT = 8081;

    static KubernetesProvisioner from(Map<String, String> environment, Path workingDirectory) {
        Path manifests = Path.of(environment.getOrDefault("SHAPES_K8S_DIR", workingDirectory.resolve("infra/k8s").toString()));
        String overlay = environment.getOrDefault("SHAPES_K8S_OVERLAY", "local");
        if (!Files.isExecutable(manifests.resolve("add-cell"))) {
            throw new UsageException("--provisioner k8s: no " + manifests.resolve("add-cell") + "; run from the"
                    + " repository root or set SHAPES_K8S_DIR");
        }
        if (!overlay.matches("[a-z0-9][a-z0-9-]{0,62}") || !Files.isDirectory(manifests.resolve("overlays").resolve(overlay))) {
            throw new UsageException("--provisioner k8s: no overlay '" + overlay + "' in " + manifests.resolve("overlays")
                    + " (SHAPES_K8S_OVERLAY)");
        }
        return new KubernetesProvisioner(manifests.toAbsolutePath(), overlay, workingDirectory);
    }

    /** The commands that provision {@code name}, in order; the first is left out if the cell is rendered already. */
    List<List<String>> commands(String name) {
        Path overlayDir = manifests.resolve("overlays").resolve(overlay);
        List<String> apply = List.of("kubectl", "apply", "-k", overlayDir.toString());
        if (Files.exists(overlayDir.resolve("cells").resolve(name + ".yaml"))) {
            return List.of(apply);
        }
        return List.of(List.of(manifests.resolve("add-cell").toString(), name, overlay), apply);
    }

    @Override
    public URI provision(String name) {
        commands(name).forEach(command -> ProvisionCommand.run(command, workingDirectory));
        return URI.create("http://" + name + ":" + CELL_PORT);
    }

    @Override
    public String describe() {
        return "Kubernetes (" + manifests.resolve("add-cell") + " NAME " + overlay + ", kubectl apply -k)";
    }
}
