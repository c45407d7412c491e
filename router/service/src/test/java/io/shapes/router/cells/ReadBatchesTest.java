package io.shapes.router.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * How getShapes for one cell made in one turn of an event loop travel together: one call for the turn, each read
 * answered with its own line, a failure or refusal of the call given to every read in it, and a cell that predates
 * the combined call asked read by read. The calls themselves are recorded here and answered by each test.
 */
class ReadBatchesTest {
    private static final URI CELL = URI.create("http://127.0.0.1:1");
    private static final URI OTHER_CELL = URI.create("http://127.0.0.1:2");
    private final Vertx vertx = Vertx.vertx();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<Integer> sizes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    private final ReadBatches batches = new ReadBatches((cell, call) -> {
        Promise<CellResponse> answer = Promise.promise();
        sent.add(new Sent(cell, call, answer, Vertx.currentContext()));
        return answer.future();
    }, sizes::add, clock::get);

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsOfOneTurnForOneCellGoAsOneCallAndEachGetsItsOwnLine() throws Exception {
        List<Future<CellResponse>> reads = inOneTurn(() -> List.of(read(CELL, "t1", "a"), read(CELL, "t2", "b"),
                read(OTHER_CELL, "t1", "c"), read(CELL, "t1", "d")));
        awaitSent(2);
        Sent combined = to(CELL);
        assertEquals("POST", combined.call().method());
        assertEquals("/internal/v1/shape-reads", combined.call().path());
        JsonNode body = Json.MAPPER.readTree(combined.call().body().orElseThrow());
        assertEquals(3, body.get("reads").size());
        assertEquals("t2", body.get("reads").get(1).get("tenant").asText());
        assertEquals("b", body.get("reads").get(1).get("id").asText());
        Sent alone = to(OTHER_CELL);
        assertEquals("GET", alone.call().method(), "a read alone in its turn goes as the plain getShape");
        assertEquals("/internal/v1/tenants/t1/shapes/c", alone.call().path());
        combined.answer().complete(new CellResponse(200, "{\"status\":200,\"body\":{\"id\":\"a\"}}\n"
                + "{\"status\":404,\"body\":{\"code\":\"not-found\"}}\n{\"status\":200,\"body\":{\"id\":\"d\"}}"));
        alone.answer().complete(new CellResponse(200, "{\"id\":\"c\"}"));
        assertEquals(new CellResponse(200, "{\"id\":\"a\"}"), answer(reads.get(0)));
        assertEquals(new CellResponse(404, "{\"code\":\"not-found\"}"), answer(reads.get(1)));
        assertEquals(new CellResponse(200, "{\"id\":\"c\"}"), answer(reads.get(2)));
        assertEquals(new CellResponse(200, "{\"id\":\"d\"}"), answer(reads.get(3)));
        assertEquals(List.of(3, 1), sizes.stream().sorted((x, y) -> y - x).toList());
    }

    @Test
    void aTurnWithMoreReadsThanOneCallTakesSendsSeveralCalls() throws Exception {
        inOneTurn(() -> {
            List<Future<CellResponse>> reads = new ArrayList<>();
            for (int i = 0; i < 65; i++) {
                reads.add(read(CELL, "t", "id" + i));
            }
            return reads;
        });
        awaitSent(2);
        assertEquals(List.of(64, 1), sizes);
    }

    @Test
    void aCallThatFailsFailsEveryReadInItWithItsCause() throws Exception {
        List<Future<CellResponse>> reads = inOneTurn(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b")));
        awaitSent(1);
        ConnectException refused = new ConnectException("refused");
        sent.get(0).answer().fail(refused);
        for (Future<CellResponse> read : reads) {
            assertSame(refused, failure(read));
        }
    }

    @Test
    void aRefusalOfTheWholeCallAnswersEveryRead() throws Exception {
        List<Future<CellResponse>> reads = inOneTurn(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b")));
        awaitSent(1);
        sent.get(0).answer().complete(new CellResponse(503,
                "{\"status\":503,\"code\":\"overloaded\",\"retryAfterMs\":100,\"traceId\":\"" + "0".repeat(32) + "\"}"));
        for (Future<CellResponse> read : reads) {
            CellResponse answer = answer(read);
            assertEquals(503, answer.status());
            assertEquals("overloaded", answer.code().orElseThrow());
            assertEquals(100L, answer.retryAfterMs().orElseThrow());
            assertFalse(answer.body().contains("traceId"), "not the call's trace id: " + answer.body());
        }
    }

    @Test
    void aCellThatDoesNotKnowTheCombinedCallIsAskedReadByReadForAWhile() throws Exception {
        List<Future<CellResponse>> reads = inOneTurn(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b")));
        awaitSent(1);
        sent.get(0).answer().complete(new CellResponse(404, "{\"code\":\"not-found\"}"));
        awaitSent(3);
        assertEquals("/internal/v1/tenants/t/shapes/a", sent.get(1).call().path());
        assertEquals("/internal/v1/tenants/t/shapes/b", sent.get(2).call().path());
        sent.get(1).answer().complete(new CellResponse(200, "{\"id\":\"a\"}"));
        sent.get(2).answer().complete(new CellResponse(404, "{\"code\":\"not-found\"}"));
        assertEquals(200, answer(reads.get(0)).status());
        assertEquals(404, answer(reads.get(1)).status());
        inOneTurn(() -> List.of(read(CELL, "t", "c"), read(CELL, "t", "d")));
        awaitSent(5);
        assertEquals(List.of("GET", "GET"), List.of(sent.get(3).call().method(), sent.get(4).call().method()),
                "for a while the cell is asked read by read at once");
        clock.addAndGet(ReadBatches.ALONE_FOR_NANOS);
        inOneTurn(() -> List.of(read(CELL, "t", "e"), read(CELL, "t", "f")));
        awaitSent(6);
        assertEquals("POST", sent.get(5).call().method(), "then it is tried again (it may have been upgraded)");
    }

    @Test
    void aReadAloneInItsTurnIsSentFromItsOwnRequestsContext() throws Exception {
        ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
        CompletableFuture<Future<CellResponse>> read = new CompletableFuture<>();
        request.runOnContext(v -> read.complete(read(CELL, "t", "a")));
        awaitSent(1);
        assertEquals("GET", sent.get(0).call().method());
        assertSame(request, sent.get(0).from(), "sent with its request's trace, not the end of the turn's");
        sent.get(0).answer().complete(new CellResponse(200, "{\"id\":\"a\"}"));
        assertEquals(200, answer(read.get(10, TimeUnit.SECONDS)).status());
    }

    @Test
    void readsAskedOneByOneAfterARefusedCombinedCallAreEachSentFromTheirOwnRequestsContext() throws Exception {
        ContextInternal loop = (ContextInternal) vertx.getOrCreateContext();
        ContextInternal first = loop.duplicate();
        ContextInternal second = loop.duplicate();
        CompletableFuture<List<Future<CellResponse>>> reads = new CompletableFuture<>();
        loop.runOnContext(v -> {
            List<Future<CellResponse>> both = new ArrayList<>();
            first.dispatch(() -> both.add(read(CELL, "t", "a")));
            second.dispatch(() -> both.add(read(CELL, "t", "b")));
            reads.complete(both);
        });
        awaitSent(1);
        sent.get(0).answer().complete(new CellResponse(405, "{\"code\":\"method-not-allowed\"}"));
        awaitSent(3);
        assertSame(first, sent.get(1).from());
        assertSame(second, sent.get(2).from());
        sent.get(1).answer().complete(new CellResponse(200, "{\"id\":\"a\"}"));
        sent.get(2).answer().complete(new CellResponse(200, "{\"id\":\"b\"}"));
        assertEquals(200, answer(reads.get(10, TimeUnit.SECONDS).get(1)).status());
    }

    @Test
    void anAnswerThatIsNotOneLinePerReadFailsTheReads() throws Exception {
        List<Future<CellResponse>> reads = inOneTurn(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b"),
                read(CELL, "t", "c")));
        awaitSent(1);
        sent.get(0).answer().complete(new CellResponse(200, "{\"status\":200,\"body\":{}}\nnot a line\n"
                + "{\"status\":2x0,\"body\":{}}"));
        assertEquals(200, answer(reads.get(0)).status());
        assertInstanceOf(IOException.class, failure(reads.get(1)));
        assertInstanceOf(IOException.class, failure(reads.get(2)));
        List<Future<CellResponse>> more = inOneTurn(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b")));
        awaitSent(2);
        sent.get(1).answer().complete(new CellResponse(200, "{\"status\":200,\"body\":{}}"));
        assertInstanceOf(IOException.class, failure(more.get(0)));
        assertInstanceOf(IOException.class, failure(more.get(1)));
    }

    @Test
    void aReadOffAnEventLoopGoesAlone() {
        read(CELL, "t", "a");
        read(CELL, "t", "b");
        assertEquals(2, sent.size(), "sent at once, each alone");
        assertTrue(sent.stream().allMatch(s -> s.call().method().equals("GET")));
    }

    @Test
    void aReadOnAWorkerThreadGoesAlone() throws Exception {
        vertx.executeBlocking(() -> List.of(read(CELL, "t", "a"), read(CELL, "t", "b"))).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(2, sent.size(), "sent at once, each alone");
        assertTrue(sent.stream().allMatch(s -> s.call().method().equals("GET")));
    }

    private Future<CellResponse> read(URI cell, String tenant, String id) {
        return batches.read(cell, CellCall.shapeRead(tenant, id));
    }

    private <T> T inOneTurn(Supplier<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> done.complete(work.get()));
        return done.get(10, TimeUnit.SECONDS);
    }

    private void awaitSent(int calls) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.size() < calls && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(calls, sent.size(), "calls sent");
    }

    private Sent to(URI cell) {
        return sent.stream().filter(s -> s.cell().equals(cell)).findFirst().orElseThrow();
    }

    private static CellResponse answer(Future<CellResponse> read) throws Exception {
        return read.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<CellResponse> read) throws Exception {
        try {
            read.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the read succeeded");
    }

    /** {@code from}: the Vert.x context the call was sent from (whose trace the HTTP client passes on). */
    private record Sent(URI cell, CellCall call, Promise<CellResponse> answer, Context from) {
    }
}
