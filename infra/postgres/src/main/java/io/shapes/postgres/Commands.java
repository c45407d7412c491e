package io.shapes.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command to completion and fails with its output when it does not succeed. */
final class Commands {
    private Commands() {
    }

    static String run(List<String> command, long timeoutSeconds) throws IOException {
        File output = File.createTempFile("shapes-cmd", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + " from " + String.join(" ", command) + "\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }
}
