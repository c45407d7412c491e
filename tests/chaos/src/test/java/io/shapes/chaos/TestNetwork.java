package io.shapes.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.shapes.deployment.Hosts;
import io.shapes.deployment.PublisherNode;
import io.shapes.postgres.NetworkHost;

/**
 * The chaos suite's own test hosts on a private bridge, so that a network can fail for real: each cell and its
 * PostgreSQL in a network namespace of their own on their own address, the routers together in another, and the
 * control plane (this JVM, cell-manager, the publisher, the fault proxy) on the bridge's address in the machine's
 * namespace. Every host hangs on the bridge by a veth pair.
 * <p>
 * Faults: {@link #partition} takes a host's link down (whatever is sent to or from it is dropped, nothing is
 * refused), {@link #dropTraffic} makes a host drop everything it sends to another (a blackhole route in its
 * namespace: the other's packets arrive, the answers never do, an asymmetric partition), {@link #heal} undoes both.
 * <p>
 * Needs root and {@code ip netns} (iproute2); {@link #create} says in one line why not when it cannot. Its names
 * all start with {@code shapes-} (bridge {@code shapes-br}, namespaces {@code shapes-cell-1}, …), and leftovers of an
 * earlier run that did not end are removed first.
 */
final class TestNetwork implements Hosts, AutoCloseable {
    /** A private /24 no test machine here uses; the bridge is .1, the routers .2, the cells from .11 on. */
    private static final String SUBNET = "10.213.77.";
    private static final String NETWORK = SUBNET + "0/24";
    private static final String BRIDGE = "shapes-br";
    private static final String PREFIX = "shapes-";
    private static final String ROUTERS = "routers";
    private final String ip = NetworkHost.ipCommand();
    private final Map<String, NetworkHost> hosts = new LinkedHashMap<>();

    private TestNetwork() {
    }

    /** The network, or empty (after one line on standard output saying why) where this machine cannot make one. */
    static Optional<TestNetwork> create() {
        return create(System.getProperty("user.name"));
    }

    /** Like {@link #create()} for a process run by {@code user}. */
    static Optional<TestNetwork> create(String user) {
        if (!"root".equals(user)) {
            System.out.println("chaos: network namespaces need root; every service runs on 127.0.0.1 and the partition"
                    + " scenarios are skipped");
            return Optional.empty();
        }
        TestNetwork network = new TestNetwork();
        try {
            network.removeLeftovers();
            network.run("link", "add", BRIDGE, "type", "bridge");
            network.run("addr", "add", controlPlaneAddress() + "/24", "dev", BRIDGE);
            network.run("link", "set", BRIDGE, "up");
            return Optional.of(network);
        } catch (IOException e) {
            network.close();
            System.out.println("chaos: no network namespaces on this machine (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); every service runs on 127.0.0.1 and the partition scenarios are skipped");
            return Optional.empty();
        }
    }

    /** The bridge's address in the machine's namespace: the control plane's, where the fault proxy listens too. */
    static String controlPlaneAddress() {
        return SUBNET + "1";
    }

    /**
     * A cell's own host (made when first asked for), the routers' shared host, or the control plane's address for
     * the publisher.
     */
    @Override
    public synchronized NetworkHost hostOf(String service) {
        if (service.equals(PublisherNode.NAME)) {
            return NetworkHost.onAddress(controlPlaneAddress(), NETWORK);
        }
        String host = service.startsWith("router-") ? ROUTERS : service;
        return hosts.computeIfAbsent(host, this::attach);
    }

    /** Takes the host's link down: everything sent to it or from it is dropped. */
    void partition(String service) {
        runOrFail("link", "set", linkOf(service), "down");
    }

    /** {@code service}'s host drops every packet it sends to {@code peer}'s host: the peer gets no answer. */
    void dropTraffic(String service, String peer) {
        runOrFail("-n", namespaceOf(service), "route", "add", "blackhole", hostOf(peer).address() + "/32");
    }

    /** The host's link up again and every route it drops traffic on removed. */
    void heal(String service) {
        runOrFail("link", "set", linkOf(service), "up");
        try {
            for (String line : run("-n", namespaceOf(service), "route", "show", "type", "blackhole").lines().toList()) {
                List<String> route = new ArrayList<>(List.of("-n", namespaceOf(service), "route", "del"));
                route.addAll(List.of(line.strip().split("\\s+")));
                run(route.toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not heal " + service + ": " + e.getMessage(), e);
        }
    }

    private NetworkHost attach(String host) {
        String namespace = PREFIX + host;
        String address = host.equals(ROUTERS) ? SUBNET + "2" : SUBNET + (11 + hosts.size());
        String outside = linkName(host);
        runOrFail("netns", "add", namespace);
        runOrFail("link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        runOrFail("link", "set", outside, "master", BRIDGE);
        runOrFail("link", "set", outside, "up");
        runOrFail("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        runOrFail("-n", namespace, "link", "set", "eth0", "up");
        runOrFail("-n", namespace, "link", "set", "lo", "up");
        return NetworkHost.inNamespace(namespace, address, NETWORK);
    }

    private String namespaceOf(String service) {
        return hostOf(service).namespace().orElseThrow();
    }

    private String linkOf(String service) {
        hostOf(service);
        return linkName(service.startsWith("router-") ? ROUTERS : service);
    }

    /** The bridge's end of a host's veth pair (an interface name has at most 15 characters). */
    private static String linkName(String host) {
        String name = "shv-" + host;
        return name.length() <= 15 ? name : name.substring(0, 15);
    }

    private void removeLeftovers() throws IOException {
        for (String line : run("netns", "list").lines().toList()) {
            String namespace = line.strip().split("\\s+")[0];
            if (namespace.startsWith(PREFIX)) {
                run("netns", "del", namespace);
            }
        }
        if (!run("link", "show").contains(" " + BRIDGE + ":")) {
            return;
        }
        run("link", "del", BRIDGE);
    }

    /** Removes every namespace and the bridge (a namespace's processes, if any still run, keep it until they end). */
    @Override
    public void close() {
        try {
            removeLeftovers();
        } catch (IOException e) {
            System.out.println("chaos: could not remove the test network: " + e.getMessage());
        }
    }

    private void runOrFail(String... args) {
        try {
            run(args);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ip));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + ": " + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
