package io.shapes.router.cells;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.shapes.router.config.RouterConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The one HTTP client towards cells: HTTP/2 (cleartext with prior knowledge, or negotiated over TLS), the data-plane
 * token, JSON in and out. Calls to a cell share a few connections as streams, up to {@value #STREAMS_PER_CONNECTION}
 * on each and as many connections as the bulkhead needs: the cell reads several requests in one socket read, and the
 * router several answers, where HTTP/1.1 takes a connection and a read per call in flight (docs/BENCHMARKS.md section
 * 10). It is Vert.x's own HTTP client, without the web client's layer of interceptors and codecs, and a call is
 * addressed by host and port instead of a URL to parse. Each event loop calls over connections of its own, so that a
 * call, its stream and its answer stay on the thread of the request that made it. The getShapes an event loop has for
 * one cell in one turn travel together ({@link ReadBatches}).
 */
@Singleton
public class CellClient implements CellTransport {
    static final int STREAMS_PER_CONNECTION = 32;
    private final Supplier<HttpClient> newClient;
    /** A client per event loop: its connections are opened by, and stay on, that loop. */
    private final Map<EventLoop, HttpClient> perEventLoop = new ConcurrentHashMap<>();
    /** For calls made off an event loop (a timer's, a worker's). */
    private final HttpClient offLoop;
    private final StalledConnections stalled;
    private final String authorization;
    private final long timeoutMs;
    private final ReadBatches reads;

    @Inject
    public CellClient(Vertx vertx, RouterConfig config, MeterRegistry registry) {
        this(vertx.getDelegate(), config.cellDataToken(), config.cells(),
                DistributionSummary.builder("shapes.router.read.batch").baseUnit("reads")
                        .description("getShapes sent to a cell in one call").register(registry)::record);
    }

    CellClient(io.vertx.core.Vertx vertx, String dataToken, RouterConfig.Cells cells, IntConsumer batchSizes) {
        int bulkhead = cells.bulkhead();
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true)
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false).setUseAlpn(true)
                .setHttp2MultiplexingLimit(STREAMS_PER_CONNECTION)
                .setConnectTimeout((int) Duration.ofSeconds(1).toMillis()).setTryUseCompression(false);
        PoolOptions pool = new PoolOptions()
                .setHttp2MaxSize((bulkhead + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION)
                .setHttp1MaxSize(bulkhead);
        this.newClient = () -> vertx.createHttpClient(options, pool);
        this.offLoop = newClient.get();
        this.authorization = "Bearer " + dataToken;
        this.timeoutMs = cells.timeout().toMillis();
        this.stalled = new StalledConnections(vertx, timeoutMs);
        this.reads = new ReadBatches(this::exchange, batchSizes);
    }

    /**
     * Fails with a {@link java.util.concurrent.TimeoutException} when the cell sends nothing for the cells' timeout:
     * a timer of the connection's own event loop, so a call costs no hand-over to a timer thread. A call that gets no
     * connection within that timeout, or whose connection is refused, was never sent: it fails with a
     * {@link ConnectException}.
     */
    @Override
    public Uni<CellResponse> send(URI cell, CellCall call) {
        return Uni.createFrom().emitter(emitter -> (call.shapeRead().isPresent() ? reads.read(cell, call)
                : exchange(cell, call)).onComplete(answer -> {
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
                .setURI(call.path()).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
                .putHeader("Authorization", authorization);
        call.idempotencyKey().ifPresent(key -> options.putHeader("Idempotency-Key", key));
        call.body().ifPresent(body -> options.putHeader("Content-Type", "application/json"));
        return client().request(options).recover(CellClient::neverSent)
                .compose(request -> answer(request, call).onFailure(failure -> afterFailure(request, failure)));
    }

    /**
     * The current event loop's client. A connection serves its streams on the event loop that opened it; shared by
     * all loops, each call from another loop would cross to that loop's thread and its answer back, two wake-ups a
     * call (docs/BENCHMARKS.md section 10).
     */
    private HttpClient client() {
        Context context = io.vertx.core.Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return offLoop;
        }
        return perEventLoop.computeIfAbsent(((ContextInternal) context).nettyEventLoop(), loop -> newClient.get());
    }

    private static Future<CellResponse> answer(HttpClientRequest request, CellCall call) {
        Future<HttpClientResponse> sent = call.body().map(body -> request.send(Buffer.buffer(body)))
                .orElseGet(request::send);
        return sent.compose(response -> response.body()
                .map(body -> new CellResponse(response.statusCode(), body.toString())));
    }

    /** A call that timed out on a multiplexed connection has the connection itself checked. */
    private void afterFailure(HttpClientRequest request, Throwable failure) {
        if (failure instanceof TimeoutException && request.version() == HttpVersion.HTTP_2) {
            stalled.check(request.connection());
        }
    }

    /** No request was written: a refused connection, or none free or ready within the timeout (a hung cell). */
    private static Future<HttpClientRequest> neverSent(Throwable cause) {
        if (cause instanceof ConnectException) {
            return Future.failedFuture(cause);
        }
        ConnectException unsent = new ConnectException("no connection to the cell: " + cause.getMessage());
        unsent.initCause(cause);
        return Future.failedFuture(unsent);
    }
}
