package io.shapes.router.cells;

import java.net.URI;
import java.time.Duration;

import io.shapes.router.config.RouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Singleton;

/** The one HTTP client towards cells: keep-alive, the data-plane token, JSON in and out. */
@Singleton
public class CellClient implements CellTransport {
    private final WebClient client;
    private final String authorization;
    private final long timeoutMs;

    public CellClient(Vertx vertx, RouterConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(256)
                .setConnectTimeout((int) Duration.ofSeconds(1).toMillis()).setTryUseCompression(false));
        this.authorization = "Bearer " + config.cellDataToken();
        this.timeoutMs = config.cells().timeout().toMillis();
    }

    /**
     * Fails with a {@link java.util.concurrent.TimeoutException} when the cell sends nothing for the cells' timeout:
     * a timer of the connection's own event loop, so a call costs no hand-over to a timer thread.
     */
    @Override
    public Uni<CellResponse> send(URI cell, CellCall call) {
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(call.method()), cell.resolve(call.path()).toString())
                .timeout(timeoutMs).putHeader("Authorization", authorization);
        call.idempotencyKey().ifPresent(key -> request.putHeader("Idempotency-Key", key));
        Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent = call.body()
                .map(body -> request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)))
                .orElseGet(request::send);
        return sent.map(response -> new CellResponse(response.statusCode(), response.bodyAsString()));
    }
}
