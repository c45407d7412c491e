package io.shapes.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.shapes.deployment.LocalDeployment;

/** Where a test class runs its deployment: a fresh directory under target/, kept afterwards for its logs. */
final class TestDeployments {
    private TestDeployments() {
    }

    static LocalDeployment.Builder fresh(Class<?> testClass) {
        Path dir = Path.of("target", "deployments", testClass.getSimpleName()).toAbsolutePath();
        deleteRecursively(dir);
        return LocalDeployment.builder(dir).jvmOptions(java.util.List.of("-Xmx256m", "-XX:+UseSerialGC"));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
