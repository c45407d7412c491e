package io.shapes.core.cellapi;

/**
 * Body of a put. {@code id} is optional: the router sends the id it chose (it needs the bucket to route under
 * {@code id-range}); when absent, the cell chooses one by the same rule.
 */
public record PutShape(String type, String id) {
}
