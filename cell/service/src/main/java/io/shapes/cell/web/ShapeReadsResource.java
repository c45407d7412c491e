package io.shapes.cell.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.MDC;

import io.shapes.cell.data.ShapeStore;
import io.shapes.cell.service.CellErrors;
import io.shapes.cell.service.ShapeReader;
import io.shapes.core.Json;
import io.shapes.core.cellapi.ShapeReads;
import io.shapes.core.error.Problem;
import io.shapes.web.ProblemMappers;
import io.shapes.web.RequestInput;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Several getShapes in one call, as the router sends the reads it has for this cell at one moment: each read is
 * answered exactly as {@code GET /internal/v1/tenants/{t}/shapes/{id}} would answer it alone, status and body, as one
 * line of NDJSON ({@code {"status":S,"body":B}}), in the order of the reads. A problem carries the trace id of its own
 * read. The reads that pass their checks are read from the database in one statement, where each alone would take
 * one; if it fails, each of them fails as it would alone. Each read takes a slot of the cell's in-flight limit, as it
 * would alone: past the limit the whole call is refused ({@code 503 overloaded}), before anything is read.
 */
@Path("/internal/v1/shape-reads")
public class ShapeReadsResource {
    public static final String NDJSON = "application/x-ndjson";
    /** {@value ShapeReads#MAX_READS} reads with the longest tenants, ids and trace ids fit well within this. */
    static final int MAX_BODY = 32 * 1024;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    /** The log lines' trace id ({@code %X{traceId}}, as OpenTelemetry sets it for a request). */
    private static final String TRACE_ID_KEY = "traceId";
    private final ShapeLookup lookup;
    private final ShapeReader reader;
    private final RequestLimiter limiter;
    private final CellErrors errors;

    public ShapeReadsResource(ShapeLookup lookup, ShapeReader reader, RequestLimiter limiter, CellErrors errors) {
        this.lookup = lookup;
        this.reader = reader;
        this.limiter = limiter;
        this.errors = errors;
    }

    @POST
    @DataPlane
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(NDJSON)
    @APIResponse(responseCode = "200", description = "One line per read, in order: {\"status\":S,\"body\":B}, where S"
            + " and B are what the read would have been answered alone (a shape, or a problem)",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = String.class)))
    public Uni<String> reads(byte[] body) {
        List<ShapeReads.Read> reads = valid(RequestInput.json(body, MAX_BODY, ShapeReads.class));
        int beyondTheCall = reads.size() - 1;
        if (!limiter.tryAcquire(beyondTheCall)) {
            throw errors.overloaded();
        }
        String[] lines = new String[reads.size()];
        List<Checked> checked = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            ShapeReads.Read read = reads.get(i);
            try {
                ShapeStore.TenantShape shape = lookup.checked(read.tenant(), read.id());
                reader.requireServes(shape.id());
                checked.add(new Checked(i, shape, read.traceId()));
            } catch (RuntimeException refused) {
                lines[i] = problemLine(refused, read.traceId());
            }
        }
        List<ShapeStore.TenantShape> shapes = checked.stream().map(Checked::shape).toList();
        Uni<List<Optional<String>>> types = shapes.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.createFrom().deferred(() -> reader.typesOf(shapes));
        return types.map(found -> {
            for (int j = 0; j < checked.size(); j++) {
                Checked read = checked.get(j);
                lines[read.at()] = shapeLine(read.shape(), found.get(j), read.traceId());
            }
            return String.join("\n", lines);
        }).onFailure().recoverWithItem(failure -> {
            checked.forEach(read -> lines[read.at()] = problemLine(failure, read.traceId()));
            return String.join("\n", lines);
        }).onTermination().invoke(() -> limiter.release(beyondTheCall));
    }

    /** A read that passed its checks: its place in the call, its shape and its trace id. */
    private record Checked(int at, ShapeStore.TenantShape shape, String traceId) {
    }

    private static List<ShapeReads.Read> valid(ShapeReads request) {
        List<ShapeReads.Read> reads = request.reads();
        if (reads == null || reads.isEmpty() || reads.size() > ShapeReads.MAX_READS) {
            throw RequestInput.invalid("field 'reads' must list 1 to " + ShapeReads.MAX_READS + " reads");
        }
        for (ShapeReads.Read read : reads) {
            if (read == null) {
                throw RequestInput.invalid("field 'reads' must hold only reads");
            }
            if (read.traceId() != null && !TRACE_ID.matcher(read.traceId()).matches()) {
                throw RequestInput.invalid("field 'traceId' must be 32 lowercase hex digits");
            }
        }
        return reads;
    }

    private String shapeLine(ShapeStore.TenantShape shape, Optional<String> type, String traceId) {
        try {
            return line(200, Json.write(reader.view(shape.tenant(), shape.id(), type)));
        } catch (RuntimeException notFound) {
            return problemLine(notFound, traceId);
        }
    }

    private static String problemLine(Throwable failure, String traceId) {
        Problem problem = problemOf(failure, traceId);
        return line(problem.status(), Json.write(problem.withTraceId(traceId)));
    }

    /** The problem of one read; what it logs (a failure of the cell) carries the read's own trace id. */
    private static Problem problemOf(Throwable failure, String traceId) {
        Object callsTraceId = MDC.get(TRACE_ID_KEY);
        MDC.put(TRACE_ID_KEY, traceId == null ? "" : traceId);
        try {
            return DatabaseProblemMappers.isDatabaseFailure(failure)
                    ? DatabaseProblemMappers.problemOf(failure) : ProblemMappers.problemOf(failure);
        } finally {
            if (callsTraceId == null) {
                MDC.remove(TRACE_ID_KEY);
            } else {
                MDC.put(TRACE_ID_KEY, callsTraceId);
            }
        }
    }

    private static String line(int status, String body) {
        return "{\"status\":" + status + ",\"body\":" + body + "}";
    }
}
