package io.shapes.snapshot;

/** A manifest or segment that fails its checks (checksum, structure, version): refused, the last good one kept. */
public class InvalidPublicationException extends RuntimeException {
    public InvalidPublicationException(String message) {
        super(message);
    }

    public InvalidPublicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
