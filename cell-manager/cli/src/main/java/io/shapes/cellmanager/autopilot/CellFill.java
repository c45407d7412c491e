package io.shapes.cellmanager.autopilot;

/** What a cell said it holds when the autopilot last looked; {@code answered} false if it did not answer in time. */
public record CellFill(String name, long shapes, long capacity, boolean answered) {
    public static CellFill silent(String name) {
        return new CellFill(name, 0, 0, false);
    }

    /** Shapes as a percentage of capacity. */
    public double percent() {
        return capacity == 0 ? 0 : 100.0 * shapes / capacity;
    }
}
