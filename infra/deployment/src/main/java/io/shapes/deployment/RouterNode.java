package io.shapes.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.postgres.NetworkHost;

/**
 * One router process. It fetches the routing snapshot from the publisher and keeps a copy in its own directory, so a
 * restart can serve while the publication is unreachable.
 */
public final class RouterNode implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private final String name;
    private volatile ServiceProcess service;

    private RouterNode(String name, ServiceProcess service) {
        this.name = name;
        this.service = service;
    }

    /** How to run a router. {@code properties} are extra {@code shapes.router.*} or Quarkus settings (never secrets). */
    public record Spec(String name, URI publicationUrl, String adminToken, String cellDataToken,
            List<String> jvmOptions, Map<String, String> properties) {
        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
            properties = Map.copyOf(properties);
        }
    }

    /** Starts the router on {@code port} (0: a free one) and returns once it holds a map. */
    public static RouterNode start(Spec spec, Path dir, int port) {
        return start(spec, dir, port, NetworkHost.LOOPBACK);
    }

    /** Like {@link #start(Spec, Path, int)}, the router running on {@code host}. */
    public static RouterNode start(Spec spec, Path dir, int port, NetworkHost host) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("shapes.router.name", spec.name());
        properties.put("shapes.router.state-dir", dir.resolve("state").toString());
        properties.put("shapes.router.publication.url", spec.publicationUrl().toString());
        properties.putAll(spec.properties());
        Map<String, String> secrets = Map.of("shapes.router.admin-token", spec.adminToken(),
                "shapes.router.cell-data-token", spec.cellDataToken());
        ServiceProcess service = ServiceProcess.start(spec.name(), Artifacts.routerJar(), host,
                port == 0 ? Ports.free() : port, properties, secrets, dir.resolve("router.log"), spec.jvmOptions());
        try {
            service.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            service.kill();
            throw e;
        }
        return new RouterNode(spec.name(), service);
    }

    /** The router started earlier (perhaps by another JVM). */
    public static RouterNode attach(String name, ServiceProcess service) {
        return new RouterNode(name, service);
    }

    public String name() {
        return name;
    }

    public URI url() {
        return service.url();
    }

    public ServiceProcess service() {
        return service;
    }

    /** Starts the router again on its port (killing it first if it still runs) and waits until it holds a map. */
    public RouterNode restart() {
        service = service.restart();
        service.awaitReady(READY_TIMEOUT);
        return this;
    }

    @Override
    public void close() {
        service.close();
    }
}
