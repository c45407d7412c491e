package io.shapes.core.map;

/** A routing map that breaks one of its invariants; the message names the offending range or cell. */
public final class InvalidMapException extends IllegalArgumentException {
    public InvalidMapException(String message) {
        super(message);
    }
}
