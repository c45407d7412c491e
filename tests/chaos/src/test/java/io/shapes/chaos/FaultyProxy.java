package io.shapes.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP proxy in front of one cell that can turn bad: every chunk of the cell's answers delayed, and a share of new
 * connections reset at once. Healthy, it forwards bytes untouched.
 */
final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile long delayMs;
    private volatile double resetShare;

    /** A proxy to {@code upstream}, listening on {@code address} (where the routers reach it). */
    FaultyProxy(URI upstream, String address) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.server = new ServerSocket(0, 128, InetAddress.getByName(address));
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    /** Delays every chunk the cell sends by {@code delayMs} and resets {@code resetShare} of new connections. */
    void degrade(long delayMs, double resetShare) {
        this.delayMs = delayMs;
        this.resetShare = resetShare;
    }

    void heal() {
        degrade(0, 0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (ThreadLocalRandom.current().nextDouble() < resetShare) {
                    client.setSoLinger(true, 0); // close with RST
                    client.close();
                    continue;
                }
                Socket cell = new Socket();
                cell.connect(upstream, 1000);
                // Pass each chunk on at once, as a real proxy does: with Nagle's algorithm a small write waits for
                // the ACK of the one before it, which the other side may delay by 40 ms, and a multiplexed
                // connection always has one in flight.
                client.setTcpNoDelay(true);
                cell.setTcpNoDelay(true);
                open.add(client);
                open.add(cell);
                pump(client, cell, false);
                pump(cell, client, true);
            } catch (IOException e) {
                // the listener closed, or the cell refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long delay = delayed ? delayMs : 0;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
    }
}
