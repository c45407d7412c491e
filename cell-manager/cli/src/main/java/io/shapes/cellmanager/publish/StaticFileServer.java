package io.shapes.cellmanager.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.shapes.snapshot.Checksums;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationDirectory;

/**
 * A plain static file server for a publication, as any web server or object store would serve it: {@code GET} (and
 * {@code HEAD}) of {@code /manifest.json} with an {@code ETag}, so that an unchanged manifest costs a {@code 304}, and
 * of {@code /segments/<sha256>}, immutable, and the publisher's own {@code /metrics} for Prometheus. No other path
 * exists. For a machine without another static server (the local launcher); Kubernetes serves the same directory
 * with nginx.
 */
public final class StaticFileServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "publication-http");
        thread.setDaemon(true);
        return thread;
    });
    private final PublicationDirectory publication;
    private final Supplier<String> metrics;

    private StaticFileServer(HttpServer server, PublicationDirectory publication, Supplier<String> metrics) {
        this.server = server;
        this.publication = publication;
        this.metrics = metrics;
    }

    /** Serves {@code publication}, and {@code metrics} (Prometheus's text format) at {@code /metrics}. */
    public static StaticFileServer start(InetSocketAddress address, PublicationDirectory publication,
            Supplier<String> metrics) throws IOException {
        StaticFileServer files = new StaticFileServer(HttpServer.create(address, 128), publication, metrics);
        files.server.createContext("/", files::handle);
        files.server.setExecutor(files.workers);
        files.server.start();
        return files;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, null);
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/" + Manifest.FILE)) {
                manifest(exchange);
            } else if (path.equals("/metrics")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                send(exchange, 200, metrics.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (path.startsWith("/segments/") && Checksums.isSha256Hex(path.substring("/segments/".length()))) {
                segment(exchange, path.substring("/segments/".length()));
            } else {
                send(exchange, 404, null);
            }
        }
    }

    private void manifest(HttpExchange exchange) throws IOException {
        Optional<byte[]> manifest = publication.manifest();
        if (manifest.isEmpty()) {
            send(exchange, 404, null);
            return;
        }
        String etag = "\"" + Checksums.sha256Hex(manifest.get()) + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            send(exchange, 304, null);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, manifest.get());
    }

    private void segment(HttpExchange exchange, String hash) throws IOException {
        Optional<byte[]> segment = publication.segment(hash);
        if (segment.isEmpty()) {
            send(exchange, 404, null);
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "public, max-age=31536000, immutable");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        send(exchange, 200, segment.get());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, body == null || head ? -1 : body.length);
        if (body != null && !head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
