package io.shapes.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a server process runs on this machine's network: in a network namespace of its own or in the machine's, on
 * one address it listens on, answering clients of one network. {@link #LOOPBACK} (the default everywhere) is the
 * machine's own namespace on 127.0.0.1: nothing beyond this machine reaches it. A host in a namespace is a test host
 * on a private bridge (the chaos suite's partitions): its processes are started through {@code ip netns exec}.
 *
 * @param namespace the network namespace, empty for the machine's own
 * @param address the address its servers listen on
 * @param clientNetwork the network its clients connect from, as {@code address/bits} (PostgreSQL's {@code pg_hba})
 */
public record NetworkHost(Optional<String> namespace, String address, String clientNetwork) {
    public static final NetworkHost LOOPBACK = new NetworkHost(Optional.empty(), "127.0.0.1", "127.0.0.1/32");
    private static final List<String> IP_LOCATIONS = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

    /** A host in the network namespace {@code namespace}, on {@code address}, for clients of {@code clientNetwork}. */
    public static NetworkHost inNamespace(String namespace, String address, String clientNetwork) {
        return new NetworkHost(Optional.of(namespace), address, clientNetwork);
    }

    /** A host in this machine's own namespace on {@code address} (an address of a bridge, say). */
    public static NetworkHost onAddress(String address, String clientNetwork) {
        return new NetworkHost(Optional.empty(), address, clientNetwork);
    }

    /** {@code command} as it runs on this host: unchanged in the machine's namespace, else under {@code ip netns exec}. */
    public List<String> run(List<String> command) {
        if (namespace.isEmpty()) {
            return command;
        }
        List<String> entered = new ArrayList<>(List.of(ipCommand(), "netns", "exec", namespace.get()));
        entered.addAll(command);
        return entered;
    }

    public boolean isLoopback() {
        return equals(LOOPBACK);
    }

    /** The {@code ip} tool of iproute2 (in /usr/sbin on Debian, often not on a user's PATH). */
    public static String ipCommand() {
        return IP_LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("ip");
    }
}
