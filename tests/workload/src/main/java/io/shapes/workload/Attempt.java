package io.shapes.workload;

/**
 * One put as a client saw it: when it started (ms since the workload started), how long it took, for which tenant,
 * the HTTP status (0 when no answer came), whether a Retry-After came with it and, once acknowledged, the id of the
 * stored shape; for a failure, what was answered or thrown. {@code cell} is the cell the router answered for (its
 * {@code X-Shapes-Cell} header), null when the answer named none.
 */
public record Attempt(long startMs, double latencyMs, String tenant, String type, int status, boolean retryAfter,
        String id, String error, String cell) {
    public Attempt(long startMs, double latencyMs, String tenant, String type, int status, boolean retryAfter,
            String id, String error) {
        this(startMs, latencyMs, tenant, type, status, retryAfter, id, error, null);
    }

    public boolean acknowledged() {
        return status == 201;
    }
}
