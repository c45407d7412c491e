package io.shapes.it;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.shapes.deployment.Directories;
import io.shapes.deployment.LocalDeployment;

/**
 * A test class's deployment: started before its first test in a fresh {@code target/deployments/<class>} (kept
 * afterwards for its logs), closed after its last. Register it on a field of a {@code PER_CLASS} test:
 * {@code @RegisterExtension final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(3));}.
 */
final class DeploymentExtension implements BeforeAllCallback, AfterAllCallback {
    /**
     * Small JVMs with the quick compiler only: a test deployment runs many of them on two cores for a minute or two,
     * where the optimising compiler's threads cost more CPU than its code gives back (the chaos suite's comment has
     * the measurements).
     */
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private final UnaryOperator<LocalDeployment.Settings> settings;
    private LocalDeployment deployment;

    private DeploymentExtension(UnaryOperator<LocalDeployment.Settings> settings) {
        this.settings = settings;
    }

    static DeploymentExtension with(UnaryOperator<LocalDeployment.Settings> settings) {
        return new DeploymentExtension(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path dir = Path.of("target", "deployments", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        Directories.deleteRecursively(dir);
        deployment = LocalDeployment.start(dir, settings.apply(LocalDeployment.Settings.defaults().jvmOptions(JVM)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (deployment != null) {
            deployment.close();
        }
    }

    LocalDeployment get() {
        if (deployment == null) {
            throw new IllegalStateException("the deployment starts before the class's first test");
        }
        return deployment;
    }
}
