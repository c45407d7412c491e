package io.shapes.cellmanager.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.shapes.core.Json;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;

/**
 * The console over HTTP: the page ({@code /}, a Qute template), its script, style and icon, and {@code /api/overview},
 * the data the page draws, only for a caller with the admin token as {@code Bearer}. Nothing else, GET only. A look
 * is shared by the callers of one second, so that many open pages cost one look.
 */
final class ConsoleServer implements AutoCloseable {
    private static final long LOOK_SHARED_NANOS = 1_000_000_000L;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "console-http");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] token;
    private final Supplier<Map<String, Object>> overview;
    private final byte[] page;
    private byte[] lastLook;
    private long lastLookNanos;

    private ConsoleServer(HttpServer server, String token, Supplier<Map<String, Object>> overview, int refreshSeconds) {
        this.server = server;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.overview = overview;
        Template template = Engine.builder().addDefaults().build().parse(resource("index.html"));
        this.page = template.data("refreshSeconds", refreshSeconds).data("preScalePercent",
                Math.round(Overview.PRE_SCALE_LINE * 100)).render().getBytes(StandardCharsets.UTF_8);
    }

    static ConsoleServer start(InetSocketAddress address, String token, Supplier<Map<String, Object>> overview,
            int refreshSeconds) throws IOException {
        ConsoleServer console = new ConsoleServer(HttpServer.create(address, 64), token, overview, refreshSeconds);
        console.server.createContext("/", console::handle);
        console.server.setExecutor(console.workers);
        console.server.start();
        return console;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none';"
                    + " form-action 'none'");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            if (!exchange.getRequestMethod().equals("GET")) {
                headers.set("Allow", "GET");
                problem(exchange, Problem.of(ErrorCode.METHOD_NOT_ALLOWED, "the console only reads"));
                return;
            }
            switch (exchange.getRequestURI().getRawPath()) {
                case "/" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/console.js" -> send(exchange, 200, "text/javascript; charset=utf-8",
                        resource("console.js").getBytes(StandardCharsets.UTF_8));
                case "/console.css" -> send(exchange, 200, "text/css; charset=utf-8",
                        resource("console.css").getBytes(StandardCharsets.UTF_8));
                case "/favicon.svg" -> send(exchange, 200, "image/svg+xml",
                        resource("favicon.svg").getBytes(StandardCharsets.UTF_8));
                case "/api/overview" -> overview(exchange);
                default -> problem(exchange, Problem.of(ErrorCode.NOT_FOUND, "no such page"));
            }
        }
    }

    private void overview(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            problem(exchange, Problem.of(ErrorCode.UNAUTHENTICATED, "the console needs the deployment's admin token"));
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", look());
    }

    private synchronized byte[] look() {
        if (lastLook == null || System.nanoTime() - lastLookNanos > LOOK_SHARED_NANOS) {
            Map<String, Object> seen;
            try {
                seen = overview.get();
            } catch (RuntimeException e) {
                // the page keeps its last drawing and says why it is not current
                seen = Map.of("at", java.time.Instant.now().toString(), "error",
                        "the control store does not answer: " + e.getMessage());
            }
            lastLook = Json.write(seen).getBytes(StandardCharsets.UTF_8);
            lastLookNanos = System.nanoTime();
        }
        return lastLook;
    }

    private static void problem(HttpExchange exchange, Problem problem) throws IOException {
        send(exchange, problem.status(), Problem.MEDIA_TYPE, Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
