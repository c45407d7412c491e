package io.shapes.core.cellapi;

/**
 * The requests a cell served for one tenant over its last {@code seconds} (a minute once the cell has run that long):
 * puts, getShapes and counts, each counted once per cell that served it.
 */
public record TenantTraffic(String tenant, long puts, long gets, long counts, double seconds) {
    /** Every request of the three kinds. */
    public long requests() {
        return puts + gets + counts;
    }
}
