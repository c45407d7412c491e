package io.shapes.deployment;

import io.shapes.postgres.NetworkHost;

/**
 * Which host each service of a local deployment runs on, by its name ({@code cell-1}, {@code router-1},
 * {@link PublisherNode#NAME}); a cell's PostgreSQL runs on its cell's host. The control store is the control plane's
 * own and stays on 127.0.0.1, where cell-manager and the publisher reach it.
 */
@FunctionalInterface
public interface Hosts {
    /** Every service on 127.0.0.1 in the machine's own namespace: what the launcher and most tests run. */
    Hosts LOOPBACK = service -> NetworkHost.LOOPBACK;

    NetworkHost hostOf(String service);
}
