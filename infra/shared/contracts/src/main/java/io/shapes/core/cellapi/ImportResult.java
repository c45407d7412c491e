package io.shapes.core.cellapi;

/** How many rows of a batch were new; the rest were already there (imports are idempotent). */
public record ImportResult(int received, int inserted) {
}
