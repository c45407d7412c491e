package io.shapes.core.cellapi;

/** How many rows a batch delete removed and whether rows of the range remain. */
public record DeleteResult(int deleted, boolean more) {
}
