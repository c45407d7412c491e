package io.shapes.launcher;

/** A command used wrongly (an unknown name, a bad value): exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
