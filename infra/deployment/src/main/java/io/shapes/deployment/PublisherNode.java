package io.shapes.deployment;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.shapes.postgres.NetworkHost;

/**
 * The control plane's publisher: {@code cell-manager publish --watch --serve}, reading the control store with a
 * SELECT-only login, publishing every change of the routing snapshot into its directory and serving it as static
 * files. Routers fetch from {@link #url()}; they never connect to the control store.
 */
public final class PublisherNode implements AutoCloseable {
    public static final String NAME = "publisher";
    /** The login the publisher reads the control store with: SELECT only. */
    static final String ROLE = "shapes_publisher";
    private static final String PUBLICATION = "publication";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private volatile ServiceProcess service;
    private final Path publication;

    private PublisherNode(ServiceProcess service, Path publication) {
        this.service = service;
        this.publication = publication;
    }

    /**
     * Starts the publisher on {@code host} and {@code port} (0: a free one); it is ready once its first publication
     * is served.
     */
    static PublisherNode start(Path dir, NetworkHost host, int port, String controlStoreUrl) {
        int listen = port == 0 ? Ports.free() : port;
        List<String> command = CellManagerRun.java(List.of());
        command.addAll(List.of("publish", "--watch", "--to", dir.resolve(PUBLICATION).toString(), "--serve",
                host.address() + ":" + listen));
        return new PublisherNode(ServiceProcess.startCommand(NAME, host, listen, command,
                Map.of("shapes.control-db", controlStoreUrl), dir.resolve("publisher.log"), "/manifest.json"),
                dir.resolve(PUBLICATION));
    }

    static PublisherNode attach(Path dir, ServiceProcess service) {
        return new PublisherNode(service, dir.resolve(PUBLICATION));
    }

    /** The directory it publishes into and serves. */
    public Path publicationDirectory() {
        return publication;
    }

    /** Waits until it serves a publication (after the control store has a map). */
    PublisherNode awaitReady() {
        try {
            service.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException e) {
            service.kill();
            throw e;
        }
        return this;
    }

    /** Where routers fetch the publication. */
    public URI url() {
        return service.url();
    }

    public ServiceProcess service() {
        return service;
    }

    /** Starts the publisher again on its port (killing it first if it still runs) and waits until it serves. */
    public PublisherNode restart() {
        service = service.restart();
        return awaitReady();
    }

    @Override
    public void close() {
        service.close();
    }
}
