package io.shapes.cellmanager;

import java.util.function.Consumer;

/** Progress lines on stderr, each with the time since the command started (stdout stays for the result). */
final class Progress {
    private Progress() {
    }

    static Consumer<String> toStderr() {
        long start = System.nanoTime();
        return line -> System.err.printf("[%7.3fs] %s%n", (System.nanoTime() - start) / 1e9, line);
    }
}
