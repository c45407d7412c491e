package io.shapes.cellmanager.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The console's management port, as the services have one: {@code /q/health/live} while it runs and
 * {@code /q/health/ready} while its last look at the control store succeeded; nothing else.
 */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final BooleanSupplier ready;

    private HealthServer(HttpServer server, BooleanSupplier ready) {
        this.server = server;
        this.ready = ready;
    }

    static HealthServer start(InetSocketAddress address, BooleanSupplier ready) throws IOException {
        HealthServer health = new HealthServer(HttpServer.create(address, 16), ready);
        health.server.createContext("/", health::handle);
        health.server.start();
        return health;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            boolean get = exchange.getRequestMethod().equals("GET");
            if (get && path.equals("/q/health/live")) {
                send(exchange, true);
            } else if (get && path.equals("/q/health/ready")) {
                send(exchange, ready.getAsBoolean());
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, boolean up) throws IOException {
        byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(up ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
