package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stops servers whose owning JVM died without running its shutdown hook (e.g. {@code kill -9} of a test run).
 * Each server started with {@code stopWithJvm} leaves a note {@code <owner pid> <data dir>} in a machine-wide
 * folder; any later start reads the notes and stops the servers of owners that are gone.
 */
final class OrphanReaper {
    private static final Path NOTES = Path.of(System.getProperty("java.io.tmpdir"), "shapes-postgres-owners");

    private OrphanReaper() {
    }

    static void register(Path dataDir) throws IOException {
        Files.createDirectories(NOTES);
        Files.writeString(note(dataDir), ProcessHandle.current().pid() + "\n" + dataDir + "\n");
    }

    static void unregister(Path dataDir) throws IOException {
        Files.deleteIfExists(note(dataDir));
    }

    static synchronized void reap() {
        if (!Files.isDirectory(NOTES)) {
            return;
        }
        try (Stream<Path> notes = Files.list(NOTES)) {
            for (Path note : notes.toList()) {
                reapOne(note);
            }
        } catch (IOException e) {
            System.err.println("could not read " + NOTES + ": " + e.getMessage());
        }
    }

    private static void reapOne(Path note) {
        try {
            List<String> lines = Files.readAllLines(note);
            long owner = Long.parseLong(lines.get(0).trim());
            if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            Path dataDir = Path.of(lines.get(1).trim());
            boolean running = PostgresServer.readPostmasterPid(dataDir).flatMap(ProcessHandle::of)
                    .map(ProcessHandle::isAlive).orElse(false);
            if (running) {
                PostgresServer.pgCtl(PostgresBinaries.locate(), ServerAccount.current(),
                        List.of("stop", "-D", dataDir.toString(), "-m", "immediate", "-w"));
            }
            Files.deleteIfExists(note);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not reap the server noted in " + note + ": " + e.getMessage());
        }
    }

    private static Path note(Path dataDir) {
        return NOTES.resolve(Integer.toHexString(dataDir.toString().hashCode()) + ".owner");
    }
}
