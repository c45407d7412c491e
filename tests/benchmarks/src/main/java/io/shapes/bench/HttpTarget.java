package io.shapes.bench;

import java.net.URI;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/**
 * One HTTP service under load: keep-alive connections, a bearer token, and any status >= 300 counted as an error.
 * Every exchange runs on one event loop of its own ({@link #context}): a request sent from a thread outside Vert.x
 * (the load generators' schedulers) would otherwise get a context of its own, and under load some answers were read
 * with their headers ({@code content-length} included) but an empty body: 34 in one KneeBenchmark run at 110-200 %
 * of capacity, none with each exchange on this one context at the same load.
 * Idle connections are closed after {@value #KEEP_ALIVE_SECONDS} s, before the router's idle timeout (30 s) closes
 * them: a request sent on a connection at the moment its server closes it fails with "connection was closed", as one
 * of a RouterBenchmark run did, on one of the 32 connections left idle by the rounds at one client.
 */
public final class HttpTarget {
    static final int KEEP_ALIVE_SECONDS = 20;
    private final HttpClient http;
    private final String token;
    private final Context context;

    public HttpTarget(Vertx vertx, URI base, String token, int connections) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS),
                new PoolOptions().setHttp1MaxSize(connections));
        this.token = token;
        this.context = vertx.getOrCreateContext();
    }

    public Future<String> get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    public Future<String> send(HttpMethod method, String path, String body) {
        return sendAs(token, method, path, body);
    }

    /** Sends with another bearer token than the target's own (e.g. one API key per tenant). */
    public Future<String> sendAs(String token, HttpMethod method, String path, String body) {
        return exchange(token, method, path, body).map(reply -> {
            if (reply.status() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + reply.status() + " " + reply.body());
            }
            return reply.body();
        });
    }

    /**
     * An answer of any status: its status, body, the headers that say which cells served it, and all its headers (to
     * tell which layer wrote an unexpected answer).
     */
    public record Reply(int status, String body, String cell, int cellsQueried, MultiMap allHeaders) {
        /** How many cells the router asked: one named cell, or the scatter's count. */
        public int fanOut() {
            return cell != null ? 1 : cellsQueried;
        }

        /** All headers as one line, written only when asked for (most answers never are). */
        public String headers() {
            return allHeaders.entries().toString();
        }
    }

    /** Sends with the given bearer token and hands back the answer whatever its status. */
    public Future<Reply> exchange(String token, HttpMethod method, String path, String body) {
        Promise<Reply> reply = Promise.promise();
        context.runOnContext(ignored -> exchangeOnContext(token, method, path, body).onComplete(reply));
        return reply.future();
    }

    private Future<Reply> exchangeOnContext(String token, HttpMethod method, String path, String body) {
        return http.request(method, path).compose(request -> {
            request.putHeader("Authorization", "Bearer " + token);
            if (body != null) {
                request.putHeader("Content-Type", "application/json");
            }
            return body == null ? request.send() : request.send(Buffer.buffer(body));
        }).compose(response -> response.body().map(buffer -> new Reply(response.statusCode(), buffer.toString(),
                response.getHeader("X-Shapes-Cell"), parseOrZero(response.getHeader("X-Shapes-Cells-Queried")),
                response.headers())));
    }

    private static int parseOrZero(String header) {
        return header == null ? 0 : Integer.parseInt(header.strip());
    }
}
