package io.shapes.deployment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cell-manager autopilot} beside the deployment ({@code infra/shapes up --autopilot}): it provisions new cells
 * with the local launcher and logs every decision, one JSON object per line, in {@code autopilot/autopilot.log}. It
 * serves nothing: it is healthy while it runs.
 */
public final class AutopilotNode implements AutoCloseable {
    public static final String NAME = "autopilot";
    private static final String LOG = "autopilot.log";
    private volatile ServiceProcess service;

    private AutopilotNode(ServiceProcess service) {
        this.service = service;
    }

    /**
     * Starts the autopilot with {@code options} (e.g. {@code --threshold 45}); the control store's URL and the cells'
     * admin token reach it as secret files, the launcher and the deployment's directory in its environment.
     */
    static AutopilotNode start(Path deploymentDir, String controlStoreUrl, String cellAdminToken, List<String> options) {
        Path dir = deploymentDir.resolve(NAME);
        List<String> command = CellManagerRun.java(List.of("-Xmx128m"));
        command.addAll(List.of("autopilot", "--provisioner", "launcher", "--json"));
        command.addAll(options);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("shapes.control-db", controlStoreUrl);
        secrets.put("shapes.cell-admin-token", cellAdminToken);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SHAPES_LAUNCHER", Artifacts.repositoryRoot().resolve("infra/shapes").toString());
        environment.put("SHAPES_STATE_DIR", deploymentDir.toAbsolutePath().toString());
        return new AutopilotNode(ServiceProcess.startBackground(NAME, command, secrets, environment, dir.resolve(LOG)));
    }

    static AutopilotNode attach(Path deploymentDir, DeploymentRecord.Service saved) {
        return new AutopilotNode(ServiceProcess.attach(NAME, ServiceProcess.NOWHERE,
                deploymentDir.resolve(NAME).resolve(LOG), saved.command(), saved.environment(), saved.pid(), "/"));
    }

    public ServiceProcess service() {
        return service;
    }

    /** Whether it runs. */
    public boolean isRunning() {
        return service.isAlive();
    }

    /** Starts it again with the same options (killing it first if it still runs). */
    public AutopilotNode restart() {
        service = service.restart();
        return this;
    }

    @Override
    public void close() {
        service.close();
    }
}
