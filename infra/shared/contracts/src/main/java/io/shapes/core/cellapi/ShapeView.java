package io.shapes.core.cellapi;

/** A shape as clients see it. */
public record ShapeView(String id, String tenant, String type) {
}
