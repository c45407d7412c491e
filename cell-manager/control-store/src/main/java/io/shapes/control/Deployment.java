package io.shapes.control;

import io.shapes.core.Scheme;

/** What {@code init} fixed for the whole deployment: the scheme and the standard cell size. */
public record Deployment(Scheme scheme, long cellCapacity) {
}
