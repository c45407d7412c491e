package io.shapes.launcher;

import java.nio.file.Path;

import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;

/** Where the local deployment lives: {@code .shapes/} at the repository root, or {@code $SHAPES_STATE_DIR}. */
final class StateDir {
    private StateDir() {
    }

    static Path path() {
        String override = System.getenv("SHAPES_STATE_DIR");
        return override != null && !override.isBlank() ? Path.of(override).toAbsolutePath()
                : Artifacts.repositoryRoot().resolve(".shapes");
    }

    /** The deployment as it is now; fails with a clear message if there has never been one. */
    static LocalDeployment attach() {
        return LocalDeployment.attach(path()).orElseThrow(() -> new IllegalStateException(
                "no deployment in " + path() + ": run infra/shapes up first"));
    }
}
