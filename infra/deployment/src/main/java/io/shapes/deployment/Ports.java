package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** TCP ports on the loopback interface. */
public final class Ports {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A free port that this JVM has not handed out before. The kernel may offer a port again as soon as the probing
     * socket closes, so two ports asked for in a row (a service's and its management port) or by cells starting side
     * by side could otherwise be the same one.
     */
    public static int free() {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code port} if it is free, else a free one. */
    public static int preferred(int port) {
        return port > 0 && isFree(port) ? port : free();
    }

    /** {@code port}, which must be free: a process that must come back where it was cannot move. */
    public static int required(int port, String owner) {
        if (port > 0 && !isFree(port)) {
            throw new IllegalStateException("port " + port + " of " + owner + " is taken by another process;"
                    + " free it and start again");
        }
        return port;
    }
}
