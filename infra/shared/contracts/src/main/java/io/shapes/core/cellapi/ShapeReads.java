package io.shapes.core.cellapi;

import java.util.List;

/**
 * Several getShapes in one call to a cell ({@code POST /internal/v1/shape-reads}): the router sends the reads it has
 * for one cell at the same moment together. The cell answers each as if it had come alone, one line per read, in
 * order; each read keeps the trace id of its own request.
 */
public record ShapeReads(List<Read> reads) {
    /** The most reads one call may carry. */
    public static final int MAX_READS = 64;

    /** One getShape: the tenant, the id as the client wrote it, and its request's W3C trace id (if traced). */
    public record Read(String tenant, String id, String traceId) {
    }
}
