package io.shapes.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the packaged services live in a checkout of this repository. */
public final class Artifacts {
    private Artifacts() {
    }

    /** The repository root: the nearest directory upwards from the working directory that holds {@code mvnw}. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("cell")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the Shapes repository (no mvnw found upwards)");
        }
        return dir;
    }

    public static Path cellManagerJar() {
        return repositoryRoot().resolve("cell-manager/cli/target/quarkus-app/quarkus-run.jar");
    }

    public static Path routerJar() {
        return repositoryRoot().resolve("router/service/target/quarkus-app/quarkus-run.jar");
    }

    public static Path cellJar() {
        return repositoryRoot().resolve("cell/service/target/quarkus-app/quarkus-run.jar");
    }
}
