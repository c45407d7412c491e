package io.shapes.router.cells;

import java.net.URI;
import java.time.Duration;

import io.shapes.router.config.RouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;

/**
 * The one HTTP client towards cells: keep-alive, the data-plane token, JSON in and out. It is Vert.x's own HTTP
 * client, without the web client's layer of interceptors and codecs, and a call is addressed by host and port
 * instead of a URL to parse: the router makes one such call for every request it serves (docs/BENCHMARKS.md
 * section 10).
 */
@Singleton
public class CellClient implements CellTransport {
    private final HttpClient client;
    private final String authorization;
    private final long timeoutMs;

    public CellClient(Vertx vertx, RouterConfig config) {
        this.client = vertx.getDelegate().createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setConnectTimeout((int) Duration.ofSeconds(1).toMillis()).setTryUseCompression(false),
                new PoolOptions().setHttp1MaxSize(256));
        this.authorization = "Bearer " + config.cellDataToken();
        this.timeoutMs = config.cells().timeout().toMillis();
    }

    /**
     * Fails with a {@link java.util.concurrent.TimeoutException} when the cell sends nothing for the cells' timeout:
     * a timer of the connection's own event loop, so a call costs no hand-over to a timer thread.
     */
    @Override
    public Uni<CellResponse> send(URI cell, CellCall call) {
        return Uni.createFrom().emitter(emitter -> exchange(cell, call).onComplete(answer -> {
            if (answer.succeeded()) {
                emitter.complete(answer.result());
            } else {
                emitter.fail(answer.cause());
            }
        }));
    }

    private Future<CellResponse> exchange(URI cell, CellCall call) {
        boolean tls = "https".equals(cell.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(call.method()))
                .setHost(cell.getHost()).setPort(cell.getPort() > 0 ? cell.getPort() : tls ? 443 : 80).setSsl(tls)
                .setURI(call.path()).setIdleTimeout(timeoutMs).putHeader("Authorization", authorization);
        call.idempotencyKey().ifPresent(key -> options.putHeader("Idempotency-Key", key));
        call.body().ifPresent(body -> options.putHeader("Content-Type", "application/json"));
        return client.request(options).compose(request -> send(request, call)).compose(response -> response.body()
                .map(body -> new CellResponse(response.statusCode(), body.toString())));
    }

    private static Future<HttpClientResponse> send(HttpClientRequest request, CellCall call) {
        return call.body().map(body -> request.send(Buffer.buffer(body))).orElseGet(request::send);
    }
}
