package io.shapes.cli;

/** A command used wrongly (an unknown name, a bad value): exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    /** Runs a validation; its {@link IllegalArgumentException} becomes a usage error with the same message. */
    public static <T> T valid(java.util.function.Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
