package io.shapes.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process liveness as a person means it: a zombie (exited, waiting for its parent to reap it) is not running. */
public final class Processes {
    private Processes() {
    }

    public static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return !Files.isDirectory(Path.of("/proc/self"));
        }
    }
}
