package io.shapes.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Json;

/** The packaged cell-manager run as its own process, as an operator runs it: what it printed and returned. */
public record CellManagerRun(int exitCode, String out, String err) {
    private static final List<String> CONNECTION = List.of("SHAPES_CONTROL_DB", "SHAPES_CONTROL_DB_FILE",
            "SHAPES_CELL_ADMIN_TOKEN", "SHAPES_CELL_ADMIN_TOKEN_FILE", "SHAPES_SPLIT_CRASH_AFTER");

    /** stdout as the JSON document that {@code --json} prints. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException("cell-manager printed no JSON: " + out + err, e);
        }
    }

    /**
     * The command line of cell-manager with {@code args}; the caller's connection settings are dropped so that only
     * {@code environment} (e.g. {@link LocalDeployment#cellManagerEnvironment()}) reaches it.
     */
    public static ProcessBuilder command(Map<String, String> environment, List<String> args) {
        List<String> command = java(List.of());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        CONNECTION.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * How every cell-manager process starts (the CLI, the publisher, the console, the autopilot), with
     * {@code jvmOptions} added: the quick compiler and a small collector start it fast and cheaply, and metaspace has
     * room from the start, so that the classes a split loads for its last steps never trigger a full collection
     * (40-50 ms with the serial collector on a busy machine) inside its write pause.
     */
    static List<String> java(List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Artifacts.cellManagerJar().toString()));
        return command;
    }

    /** Runs cell-manager to its end (destroyed after {@code timeout}) and captures its output. */
    public static CellManagerRun run(Map<String, String> environment, Duration timeout, String... args) {
        return run(command(environment, List.of(args)), timeout);
    }

    /** Runs {@code command} (from {@link #command}, possibly wrapped) to its end and captures its output. */
    public static CellManagerRun run(ProcessBuilder command, Duration timeout) {
        String args = String.join(" ", command.command());
        try {
            Path out = Files.createTempFile("cell-manager-out", ".txt");
            Path err = Files.createTempFile("cell-manager-err", ".txt");
            try {
                Process process = command.redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(args + " did not finish in "
                            + timeout.toSeconds() + " s");
                }
                return new CellManagerRun(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run cell-manager: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cell-manager ran", e);
        }
    }
}
