package io.shapes.cellmanager.autopilot;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a new, empty cell of the standard size for the autopilot and says where its internal API listens.
 * Provisioning is idempotent: asked again for a name it provisioned (after the autopilot was killed half-way), it
 * gives the same cell, not a second one.
 */
public interface Provisioner {
    /** Starts cell {@code name}, or finds it started; returns its URL. */
    URI provision(String name);

    /** For the log: what provisions cells. */
    String describe();

    /**
     * {@code launcher} (the local launcher, {@code infra/shapes start-cell}), {@code k8s} ({@code infra/k8s/add-cell}
     * and {@code kubectl apply}) or an operator's command, run with the new cell's name as its last argument.
     */
    static Provisioner parse(String spec, Map<String, String> environment, Path workingDirectory) {
        return switch (spec) {
            case "launcher" -> LauncherProvisioner.from(environment, workingDirectory);
            case "k8s" -> KubernetesProvisioner.from(environment, workingDirectory);
            default -> CommandProvisioner.parse(spec);
        };
    }

    /** A dry run's provisioner: the spec checked for form only, since a dry run starts nothing. */
    static Provisioner notInADryRun(String spec) {
        String described = switch (spec) {
            case "launcher", "k8s" -> spec;
            default -> CommandProvisioner.parse(spec).describe();
        };
        return new Provisioner() {
            @Override
            public URI provision(String name) {
                throw new IllegalStateException("a dry run starts no cell");
            }

            @Override
            public String describe() {
                return described + " (not used in a dry run)";
            }
        };
    }

    /** The URL a provisioning command printed: its last non-blank line of output. */
    static URI lastLineUrl(List<String> command, String output) {
        String last = output.strip().lines().reduce((a, b) -> b).orElse("").strip();
        try {
            URI url = URI.create(last);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException("the provisioner (" + String.join(" ", command) + ") printed no cell URL as its"
                + " last line: '" + (last.length() > 200 ? last.substring(0, 200) + "…" : last) + "'");
    }
}
