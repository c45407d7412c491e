package io.shapes.bench;

import java.net.URI;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/** One HTTP service under load: keep-alive connections, a bearer token, and any status >= 300 counted as an error. */
public final class HttpTarget {
    private final HttpClient http;
    private final String authorization;

    public HttpTarget(Vertx vertx, URI base, String token, int connections) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(base.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
        this.authorization = "Bearer " + token;
    }

    public Future<String> get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    public Future<String> send(HttpMethod method, String path, String body) {
        return send(method, path, body, authorization);
    }

    /** Sends with another bearer token than the target's own (e.g. one API key per tenant). */
    public Future<String> sendAs(String token, HttpMethod method, String path, String body) {
        return send(method, path, body, "Bearer " + token);
    }

    private Future<String> send(HttpMethod method, String path, String body, String authorization) {
        return http.request(method, path).compose(request -> {
            request.putHeader("Authorization", authorization);
            if (body != null) {
                request.putHeader("Content-Type", "application/json");
            }
            return body == null ? request.send() : request.send(Buffer.buffer(body));
        }).compose(response -> response.body().map(buffer -> {
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + buffer);
            }
            return buffer.toString();
        }));
    }
}
