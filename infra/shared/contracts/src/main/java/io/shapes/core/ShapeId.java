package io.shapes.core;

import java.util.random.RandomGenerator;

/**
 * A shape's id: 64 bits, the shape's bucket in the top {@link Buckets#BITS} bits, the rest random.
 * Because the bucket travels in the id, {@code getShape(id)} goes to exactly one cell under every scheme.
 *
 * <p>On the wire it is 16 lowercase hex digits ({@link #toString()} / {@link #parse(String)}).
 */
public record ShapeId(long value) {
    private static final int RANDOM_BITS = Long.SIZE - Buckets.BITS;
    private static final long RANDOM_MASK = (1L << RANDOM_BITS) - 1;
    private static final int WIRE_LENGTH = 16;

    /** A new id in {@code bucket} with fresh random low bits. */
    public static ShapeId random(int bucket, RandomGenerator random) {
        return of(bucket, random.nextLong());
    }

    /** The id whose top bits are {@code bucket} and whose low bits are the low bits of {@code bits}. */
    public static ShapeId of(int bucket, long bits) {
        return new ShapeId(((long) Buckets.check(bucket) << RANDOM_BITS) | (bits & RANDOM_MASK));
    }

    /** Parses the wire form; throws {@link InvalidShapeIdException} saying what is wrong with the text. */
    public static ShapeId parse(String text) {
        if (text == null || text.length() != WIRE_LENGTH) {
            throw new InvalidShapeIdException("a shape id is " + WIRE_LENGTH + " hex digits");
        }
        for (int i = 0; i < WIRE_LENGTH; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new InvalidShapeIdException("a shape id is " + WIRE_LENGTH + " lowercase hex digits");
            }
        }
        return new ShapeId(Long.parseUnsignedLong(text, 16));
    }

    public int bucket() {
        return (int) (value >>> RANDOM_BITS);
    }

    @Override
    public String toString() {
        String hex = Long.toHexString(value);
        return "0".repeat(WIRE_LENGTH - hex.length()) + hex;
    }

    /** The text is not a shape id. */
    public static final class InvalidShapeIdException extends IllegalArgumentException {
        public InvalidShapeIdException(String message) {
            super(message);
        }
    }
}
