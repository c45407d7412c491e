package io.shapes.cellmanager.autopilot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of a provisioner to its end: what it printed on stdout, its stderr passed through as progress.
 * A command that fails or outlasts its time is an error that names it.
 */
final class ProvisionCommand {
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ProvisionCommand() {
    }

    static String run(List<String> command, Path workingDirectory) {
        String line = String.join(" ", command);
        try {
            Path out = Files.createTempFile("provisioner", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("the provisioner (" + line + ") did not finish in "
                            + TIMEOUT.toMinutes() + " min");
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("the provisioner (" + line + ") exited with " + process.exitValue());
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the provisioner (" + line + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the provisioner (" + line + ") ran", e);
        }
    }
}
