package io.shapes.it;

import java.nio.file.Path;

import io.shapes.deployment.Directories;
import io.shapes.deployment.LocalDeployment;

/** Where a test class runs its deployment: a fresh directory under target/, kept afterwards for its logs. */
final class TestDeployments {
    private TestDeployments() {
    }

    static LocalDeployment.Builder fresh(Class<?> testClass) {
        Path dir = Path.of("target", "deployments", testClass.getSimpleName()).toAbsolutePath();
        Directories.deleteRecursively(dir);
        return LocalDeployment.builder(dir).jvmOptions(java.util.List.of("-Xmx256m", "-XX:+UseSerialGC"));
    }
}
