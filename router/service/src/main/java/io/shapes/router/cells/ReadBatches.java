package io.shapes.router.cells;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.util.concurrent.FastThreadLocal;
import io.shapes.core.Json;
import io.shapes.core.cellapi.ShapeReads;
import io.shapes.web.TraceIds;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * Coalesces the getShapes that one event loop has for one cell within one turn of the loop into one call
 * ({@code POST /internal/v1/shape-reads}), as a data loader does: nothing waits for a timer or for other reads, a
 * read only goes out at the end of the turn that made it, with whatever else that turn made for the same cell. One
 * exchange then carries many reads, where each cost the router and the cell a stream, a socket write and a read of
 * their own (docs/BENCHMARKS.md section 10). A turn with one read sends the plain getShape. Each read still passes the
 * cell's guards on its own and gets its own answer or failure: the batch's failure fails every read in it, and an
 * answer for the whole batch (a refusal at the cell's door) answers every read. A cell that does not know the combined
 * call (it answers {@code 404} or {@code 405}: an older cell, in a rolling upgrade) is asked read by read for a minute,
 * then tried again. A read sent alone goes from its request's context, with the request's trace; a combined call goes
 * from a context of its own and carries each read's trace id in its body.
 */
final class ReadBatches {
    private static final String PATH = "/internal/v1/shape-reads";
    private static final String LINE_START = "{\"status\":";
    private static final String BODY_START = ",\"body\":";
    private final FastThreadLocal<Map<URI, List<Pending>>> waiting = new FastThreadLocal<>() {
        @Override
        protected Map<URI, List<Pending>> initialValue() {
            return new HashMap<>();
        }
    };
    /** How long a cell that answered a combined call {@code 404} or {@code 405} is asked read by read. */
    static final long ALONE_FOR_NANOS = TimeUnit.SECONDS.toNanos(60);
    private final BiFunction<URI, CellCall, Future<CellResponse>> exchange;
    private final IntConsumer batchSizes;
    private final LongSupplier nanoClock;
    /** Cells that predate shape-reads (until when, System.nanoTime): a rolling upgrade's old cells. */
    private final Map<URI, Long> withoutCombinedReads = new ConcurrentHashMap<>();

    /**
     * {@code exchange} sends one call and answers with the cell's answer, on the context that sent it;
     * {@code batchSizes} is told how many reads each call carried.
     */
    ReadBatches(BiFunction<URI, CellCall, Future<CellResponse>> exchange, IntConsumer batchSizes) {
        this(exchange, batchSizes, System::nanoTime);
    }

    ReadBatches(BiFunction<URI, CellCall, Future<CellResponse>> exchange, IntConsumer batchSizes,
            LongSupplier nanoClock) {
        this.exchange = exchange;
        this.batchSizes = batchSizes;
        this.nanoClock = nanoClock;
    }

    /** Sends {@code call} (a getShape) with the others of this turn of the event loop for {@code cell}. */
    Future<CellResponse> read(URI cell, CellCall call) {
        Context current = Vertx.currentContext();
        // the turn's end is only known on an event loop: elsewhere a read goes alone, as it does to an older cell
        boolean onEventLoop = current instanceof ContextInternal && current.isEventLoopContext()
                && Context.isOnEventLoopThread();
        if (!onEventLoop || knownWithoutCombinedReads(cell)) {
            return exchange.apply(cell, call);
        }
        ContextInternal context = (ContextInternal) current;
        Map<URI, List<Pending>> lanes = waiting.get();
        List<Pending> lane = lanes.get(cell);
        if (lane == null) {
            lane = new ArrayList<>();
            lanes.put(cell, lane);
            context.unwrap().duplicate().runOnContext(turnEnded -> flush(cell));
        }
        Pending read = new Pending(call, context, context.promise(), TraceIds.current());
        lane.add(read);
        if (lane.size() == ShapeReads.MAX_READS) {
            List<Pending> full = lanes.remove(cell);
            // a call of its own, as one sent at the end of the turn: not under the trace of the read that filled it
            OwnContext.run(() -> send(cell, full));
        }
        return read.answer().future();
    }

    private boolean knownWithoutCombinedReads(URI cell) {
        Long until = withoutCombinedReads.get(cell);
        if (until == null) {
            return false;
        }
        if (nanoClock.getAsLong() - until < 0) {
            return true;
        }
        withoutCombinedReads.remove(cell, until);
        return false;
    }

    private void flush(URI cell) {
        List<Pending> lane = waiting.get().remove(cell);
        if (lane != null) {
            send(cell, lane);
        }
    }

    private void send(URI cell, List<Pending> reads) {
        batchSizes.accept(reads.size());
        if (reads.size() == 1) {
            sendAlone(cell, reads.get(0));
            return;
        }
        List<ShapeReads.Read> body = new ArrayList<>(reads.size());
        for (Pending read : reads) {
            CellCall.ShapeRead shape = read.call().shapeRead().orElseThrow();
            body.add(new ShapeReads.Read(shape.tenant(), shape.id(), read.traceId()));
        }
        exchange.apply(cell, CellCall.post(PATH, Json.write(new ShapeReads(body)), Optional.empty()))
                .onComplete(answer -> {
                    if (answer.failed()) {
                        reads.forEach(read -> read.answer().fail(answer.cause()));
                    } else {
                        answer(cell, reads, answer.result());
                    }
                });
    }

    /**
     * The plain getShape, sent from the context of the request that made it, so that the cell gets the request's own
     * trace (the end of the turn, or a combined call's answer, runs on a context of its own).
     */
    private void sendAlone(URI cell, Pending read) {
        read.context().emit(sending -> exchange.apply(cell, read.call()).onComplete(read.answer()));
    }

    private void answer(URI cell, List<Pending> reads, CellResponse batch) {
        if (batch.status() == 404 || batch.status() == 405) {
            // a cell that predates shape-reads: each read goes alone, and so do the next ones for a while
            withoutCombinedReads.put(cell, nanoClock.getAsLong() + ALONE_FOR_NANOS);
            reads.forEach(read -> sendAlone(cell, read));
            return;
        }
        if (batch.status() != 200) {
            reads.forEach(read -> read.answer().complete(withTraceId(batch, read.traceId())));
            return;
        }
        String[] lines = batch.body().split("\n", -1);
        if (lines.length != reads.size()) {
            IOException malformed = new IOException("the cell answered " + lines.length + " lines for "
                    + reads.size() + " reads");
            reads.forEach(read -> read.answer().fail(malformed));
            return;
        }
        for (int i = 0; i < lines.length; i++) {
            Pending read = reads.get(i);
            try {
                read.answer().complete(parse(lines[i]));
            } catch (IOException e) {
                read.answer().fail(e);
            }
        }
    }

    /** The cell's answer to the whole call (a problem: the cell refused it at its door), as one read's own. */
    private static CellResponse withTraceId(CellResponse batch, String traceId) {
        return batch.json().filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast).map(problem -> {
            if (traceId == null) {
                problem.remove("traceId");
            } else {
                problem.put("traceId", traceId);
            }
            return new CellResponse(batch.status(), Json.write(problem));
        }).orElse(batch);
    }

    /** {@code {"status":S,"body":B}}: the status and the body as the cell wrote it (not parsed). */
    static CellResponse parse(String line) throws IOException {
        int bodyAt = line.indexOf(BODY_START);
        if (!line.startsWith(LINE_START) || bodyAt < 0 || !line.endsWith("}")) {
            throw new IOException("not a read's answer: " + line.substring(0, Math.min(line.length(), 40)));
        }
        try {
            int status = Integer.parseInt(line.substring(LINE_START.length(), bodyAt));
            return new CellResponse(status, line.substring(bodyAt + BODY_START.length(), line.length() - 1));
        } catch (NumberFormatException e) {
            throw new IOException("not a read's status: " + line.substring(0, Math.min(line.length(), 40)));
        }
    }

    /** A read waiting for the end of its turn; {@code context}: its request's. */
    private record Pending(CellCall call, ContextInternal context, Promise<CellResponse> answer, String traceId) {
    }
}
