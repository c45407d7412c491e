package io.shapes.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.postgres.NetworkHost;

/**
 * The operations console, {@code cell-manager console}: a read-only web page of the cells, the map, splits, routers
 * and tenants, for whoever has the admin token. It reads the control store with a SELECT-only login; the tokens
 * reach it as secret files.
 */
public final class ConsoleNode implements AutoCloseable {
    public static final String NAME = "console";
    /** The login the console reads the control store with: SELECT only. */
    static final String ROLE = "shapes_console";
    private static final String LOG = "console.log";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private volatile ServiceProcess service;

    private ConsoleNode(ServiceProcess service) {
        this.service = service;
    }

    /** Starts the console on {@code host} and {@code port} (0: a free one), showing {@code routers}. */
    static ConsoleNode start(Path dir, NetworkHost host, int port, String controlStoreUrl, String adminToken,
            String cellAdminToken, List<RouterNode> routers) {
        int listen = port == 0 ? Ports.free() : port;
        List<String> command = CellManagerRun.java(List.of("-Xmx128m"));
        command.addAll(List.of("console", "--listen", host.address() + ":" + listen));
        for (RouterNode router : routers) {
            command.add("--router");
            command.add(router.name() + "=" + router.service().managementUrl());
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("shapes.control-db", controlStoreUrl);
        secrets.put("shapes.admin-token", adminToken);
        secrets.put("shapes.cell-admin-token", cellAdminToken);
        ServiceProcess service = ServiceProcess.startCommand(NAME, host, listen, command, secrets, dir.resolve(LOG), "/");
        try {
            service.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            service.kill();
            throw e;
        }
        return new ConsoleNode(service);
    }

    static ConsoleNode attach(Path dir, DeploymentRecord.Service saved) {
        return new ConsoleNode(ServiceProcess.attach(NAME, URI.create("http://127.0.0.1:" + saved.port()),
                dir.resolve(LOG), saved.command(), saved.environment(), saved.pid(), "/"));
    }

    /** Where the console's page is. */
    public URI url() {
        return service.url();
    }

    public ServiceProcess service() {
        return service;
    }

    /** Starts it again on its port (killing it first if it still runs) and waits until it serves. */
    public ConsoleNode restart() {
        service = service.restart();
        service.awaitReady(READY_TIMEOUT);
        return this;
    }

    @Override
    public void close() {
        service.close();
    }
}
