package io.shapes.router.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * The router's calls to a cell, against a real HTTP server in the cell's place: they share multiplexed connections,
 * a slow call leaves its connection to the others, a connection that stops answering is closed and replaced, and a
 * call that could not be sent says so.
 */
class CellClientTest {
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final CellCall SHAPE = CellCall.get("/internal/v1/tenants/demo/shapes/1");
    private static final CellCall SLOW = CellCall.get("/internal/v1/slow");
    private final Vertx vertx = Vertx.vertx();
    private final Set<HttpVersion> versions = ConcurrentHashMap.newKeySet();
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer cell;
    private CellClient client;

    @BeforeEach
    void start() throws Exception {
        cell = vertx.createHttpServer().requestHandler(request -> {
            versions.add(request.version());
            connections.add(request.connection());
            if (request.path().equals("/internal/v1/shape-reads")) {
                posted.add(request.getHeader("Content-Type"));
                request.body().onSuccess(body -> request.response().putHeader("Content-Type", "application/x-ndjson")
                        .end(linePerRead(body.toString())));
            } else if (!request.path().equals(SLOW.path())) {
                request.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        client = new CellClient(vertx, "token", TestCellSettings.withBulkhead(256), size -> { });
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private URI cellUrl(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Test
    void callsInFlightTogetherShareAFewHttp2Connections() {
        List<Uni<CellResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(client.send(cellUrl(cell.actualPort()), SHAPE));
        }
        List<CellResponse> answers = Uni.join().all(calls).andFailFast().await().atMost(AWAIT);
        assertTrue(answers.stream().allMatch(answer -> answer.status() == 200), "every call answered 200");
        assertEquals(Set.of(HttpVersion.HTTP_2), versions);
        int used = connections.size();
        assertTrue(used >= 1 && used <= 8, "at 32 streams a connection, a bulkhead of 256 takes at most 8 connections, "
                + "took " + used);
    }

    @Test
    void getShapesMadeInOneTurnOfAnEventLoopTravelInOnePostAndEachGetsItsAnswer() throws Exception {
        URI url = cellUrl(cell.actualPort());
        CompletableFuture<List<CellResponse>> answers = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(turn -> Uni.join().all(
                client.send(url, CellCall.shapeRead("t", "a")), client.send(url, CellCall.shapeRead("t", "b")),
                client.send(url, CellCall.shapeRead("u", "c"))).andFailFast()
                .subscribe().with(answers::complete, answers::completeExceptionally));
        List<CellResponse> got = answers.get(AWAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(List.of("application/json"), posted, "one call, with a JSON body");
        assertEquals(List.of("{\"read\":\"t/a\"}", "{\"read\":\"t/b\"}", "{\"read\":\"u/c\"}"),
                got.stream().map(CellResponse::body).toList());
    }

    /** What a cell answers to shape-reads here: one line per read, naming it. */
    private static String linePerRead(String body) {
        List<String> lines = new ArrayList<>();
        try {
            io.shapes.core.Json.MAPPER.readTree(body).get("reads").forEach(read -> lines.add("{\"status\":200,"
                    + "\"body\":{\"read\":\"" + read.get("tenant").asText() + "/" + read.get("id").asText() + "\"}}"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return String.join("\n", lines);
    }

    @Test
    void eachEventLoopCallsOverAConnectionOfItsOwn() throws Exception {
        List<Context> loops = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            if (loops.size() < 2) {
                loops.add(((VertxInternal) vertx).createEventLoopContext((EventLoop) loop, null,
                        getClass().getClassLoader()));
            }
        }
        for (Context loop : List.of(loops.get(0), loops.get(1), loops.get(0), loops.get(1))) {
            CompletableFuture<CellResponse> answer = new CompletableFuture<>();
            loop.runOnContext(v -> client.send(cellUrl(cell.actualPort()), CellCall.get("/internal/v1/health"))
                    .subscribe().with(answer::complete, answer::completeExceptionally));
            assertEquals(200, answer.get(10, TimeUnit.SECONDS).status());
        }
        assertEquals(2, connections.size(), "one connection per calling event loop, each used again by its loop");
    }

    @Test
    void aSlowCallLeavesItsConnectionToTheCallsBesideIt() {
        assertEquals(200, statusOf(cell.actualPort()));
        long start = System.nanoTime();
        CompletableFuture<Throwable> slow = failureIn(client.send(cellUrl(cell.actualPort()), SLOW))
                .subscribeAsCompletionStage();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, statusOf(cell.actualPort()));
        }
        assertFalse(slow.isDone(), "the calls beside the slow one were answered while it waited");
        assertInstanceOf(TimeoutException.class, slow.join());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(2500)) < 0,
                "the call timed out after the cells' timeout");
        HttpConnection only = connections.iterator().next();
        AtomicInteger closed = new AtomicInteger();
        only.closeHandler(nothing -> closed.incrementAndGet());
        sleep(Duration.ofMillis(1500)); // past the check's own deadline: a connection that answered its ping stays
        assertEquals(200, statusOf(cell.actualPort()));
        assertEquals(1, connections.size(), "every call, the slow one's included, used the one connection");
        assertEquals(0, closed.get());
    }

    @Test
    void aConnectionThatStopsAnsweringIsClosedAndTheNextCallsOpenAnother() throws Exception {
        FreezableProxy proxy = new FreezableProxy(cell.actualPort());
        assertEquals(200, statusOf(proxy.port()));
        proxy.frozen = true;
        Throwable stalled = failureOf(client.send(cellUrl(proxy.port()), SHAPE));
        assertInstanceOf(TimeoutException.class, stalled);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (proxy.closed.get() == 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
        assertEquals(1, proxy.closed.get(), "the client closed the connection that answered no ping");
        proxy.frozen = false;
        assertEquals(200, statusOf(proxy.port()));
        assertEquals(2, proxy.opened.get(), "the next call opened a new connection");
    }

    @Test
    void aCellThatAcceptsButNeverSpeaksFailsTheCallAsNeverSent() throws Exception {
        NetServer mute = vertx.createNetServer().connectHandler(socket -> socket.handler(bytes -> {
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        long start = System.nanoTime();
        Throwable unsent = failureOf(client.send(cellUrl(mute.actualPort()), SHAPE));
        assertInstanceOf(ConnectException.class, unsent, "a call without a connection was never sent");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(2500)) < 0,
                "the call failed after the cells' timeout");
    }

    @Test
    void aRefusedConnectionIsNeverSent() throws Exception {
        NetServer closed = vertx.createNetServer().connectHandler(NetSocket::close).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        int port = closed.actualPort();
        closed.close().toCompletionStage().toCompletableFuture().get();
        Throwable refused = failureOf(client.send(cellUrl(port), SHAPE));
        assertInstanceOf(ConnectException.class, refused);
    }

    private int statusOf(int port) {
        return client.send(cellUrl(port), SHAPE).await().atMost(AWAIT).status();
    }

    /** The failure a call ended with, or null when it was answered. */
    private static Throwable failureOf(Uni<CellResponse> call) {
        return failureIn(call).await().atMost(AWAIT);
    }

    private static Uni<Throwable> failureIn(Uni<CellResponse> call) {
        return call.onItem().<Throwable>transform(answer -> null).onFailure().recoverWithItem(failure -> failure);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A TCP relay to the cell that, frozen, drops every byte both ways, as a link that went down does. */
    private final class FreezableProxy {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile boolean frozen;
        private final NetServer server;

        FreezableProxy(int target) throws Exception {
            server = vertx.createNetServer().connectHandler(downstream -> {
                opened.incrementAndGet();
                downstream.pause();
                vertx.createNetClient().connect(target, "127.0.0.1").onSuccess(upstream -> {
                    relay(downstream, upstream);
                    relay(upstream, downstream);
                    downstream.closeHandler(nothing -> {
                        closed.incrementAndGet();
                        upstream.close();
                    });
                    downstream.resume();
                });
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        }

        int port() {
            return server.actualPort();
        }

        private void relay(NetSocket from, NetSocket to) {
            from.handler(bytes -> {
                if (!frozen) {
                    to.write(bytes);
                }
            });
        }
    }
}
