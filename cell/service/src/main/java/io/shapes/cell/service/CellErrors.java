package io.shapes.cell.service;

import io.shapes.cell.config.CellConfig;
import io.shapes.cell.ownership.Ownership;
import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import jakarta.inject.Singleton;

/** The cell's errors that carry its state: misdirected (with map version), moving, overloaded, full. */
@Singleton
public class CellErrors {
    private final Ownership ownership;
    private final CellConfig config;
    private final CellMetrics metrics;

    public CellErrors(Ownership ownership, CellConfig config, CellMetrics metrics) {
        this.ownership = ownership;
        this.config = config;
        this.metrics = metrics;
    }

    public ShapesException misdirected(int bucket) {
        metrics.misdirected();
        return new ShapesException(Problem.of(ErrorCode.MISDIRECTED, "cell " + config.name() + " does not serve bucket "
                + bucket + " (its map version is " + ownership.mapVersion() + "); refresh the map")
                .withMapVersion(ownership.mapVersion()));
    }

    public ShapesException moving(int bucket) {
        metrics.fenced();
        return new ShapesException(Problem.of(ErrorCode.MOVING, "bucket " + bucket
                + " is being moved to another cell; retry shortly").withRetryAfterMs(config.movingRetryAfterMs()));
    }

    /** The cell is at its limit of requests in flight (counted as shed). */
    public ShapesException overloaded() {
        metrics.shed();
        return new ShapesException(Problem.of(ErrorCode.OVERLOADED, "cell " + config.name() + " is at its limit of "
                + config.maxInFlight() + " requests in flight").withRetryAfterMs(config.overloadedRetryAfterMs()));
    }

    public ShapesException full() {
        return new ShapesException(ErrorCode.CELL_FULL, "cell " + config.name() + " holds its maximum of "
                + config.capacity() + " shapes");
    }

    public static ShapesException invalid(String detail) {
        return new ShapesException(ErrorCode.INVALID_REQUEST, detail);
    }
}
