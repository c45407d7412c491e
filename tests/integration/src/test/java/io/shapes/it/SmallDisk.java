package io.shapes.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.shapes.deployment.Directories;

/**
 * A small memory-backed file system (tmpfs) that can be filled to the last byte with a ballast file and freed again:
 * a disk running out of space. Mounting needs root; elsewhere {@link #mount} says why it could not.
 */
final class SmallDisk implements AutoCloseable {
    private final Path root;
    private final Path ballast;

    private SmallDisk(Path root) {
        this.root = root;
        this.ballast = root.resolve("ballast");
    }

    /** A tmpfs of {@code megabytes} owned by {@code owner} (mode 0700), or why none could be mounted. */
    static Mounted mount(int megabytes, UserPrincipal owner) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("shapes-small-disk");
        String why = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", root.toString()));
        if (why != null) {
            Files.deleteIfExists(root);
            return new Mounted(Optional.empty(), "no tmpfs could be mounted here (" + why + ")");
        }
        Files.setOwner(root, owner);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        return new Mounted(Optional.of(new SmallDisk(root)), "");
    }

    record Mounted(Optional<SmallDisk> disk, String why) {
    }

    /** The directory at the root of the file system, for a PostgreSQL tablespace (empty, owned by the server). */
    Path tablespace() throws IOException {
        Path dir = root.resolve("tablespace");
        Files.createDirectories(dir);
        Files.setOwner(dir, Files.getOwner(root));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Writes a ballast file until the file system has no byte left; returns the bytes written. */
    long fill() {
        long written = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            // no space left: what we wanted
        }
        try (OutputStream out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] page = new byte[4096];
            while (true) {
                out.write(page);
                written += page.length;
            }
        } catch (IOException full) {
            return written;
        }
    }

    /** Deletes the ballast: the space is free again. */
    void free() {
        try {
            Files.deleteIfExists(ballast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long usableBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String why = run(List.of("umount", root.toString()));
        if (why != null) {
            throw new IllegalStateException("could not unmount " + root + ": " + why);
        }
        Directories.deleteRecursively(root);
    }

    /** Runs {@code command}; null when it succeeded, else its output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes()).trim();
        return process.exitValue() == 0 ? null : output.isEmpty() ? "exit " + process.exitValue() : output;
    }
}
