package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Stops servers whose owning JVM died without running its shutdown hook (e.g. {@code kill -9} of a test run).
 * Each server started with {@code stopWithJvm} leaves a note {@code <owner pid> <data dir>} in a registry of this
 * OS user's own; any later start reads the notes and stops the servers of owners that are gone.
 *
 * <p>The registry is a 0700 directory that this user owns ({@code $XDG_RUNTIME_DIR/shapes-postgres-owners}, else
 * {@code <tmp>/shapes-postgres-owners-<user>}). A registry that is a symbolic link, is owned by someone else or is
 * open to others is refused, and so is a note that is not a regular file of this user's: nobody else can plant a
 * note that makes us stop a server of their choosing.
 */
final class OrphanReaper {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private final Path notes;

    OrphanReaper(Path notes) {
        this.notes = notes;
    }

    /** This user's registry. */
    static OrphanReaper forCurrentUser() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path base = runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))
                ? Path.of(runtime).resolve("shapes-postgres-owners")
                : Path.of(System.getProperty("java.io.tmpdir"), "shapes-postgres-owners-"
                        + System.getProperty("user.name").replaceAll("[^A-Za-z0-9_-]", "_"));
        return new OrphanReaper(base);
    }

    static void register(Path dataDir) throws IOException {
        forCurrentUser().note(dataDir);
    }

    static void unregister(Path dataDir) throws IOException {
        forCurrentUser().forget(dataDir);
    }

    static void reap() {
        forCurrentUser().reapAll();
    }

    void note(Path dataDir) throws IOException {
        Path note = privateDirectory().resolve(noteName(dataDir));
        Files.deleteIfExists(note);
        Files.createFile(note, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(note, ProcessHandle.current().pid() + "\n" + dataDir + "\n");
    }

    void forget(Path dataDir) throws IOException {
        if (Files.isDirectory(notes, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(notes.resolve(noteName(dataDir)));
        }
    }

    synchronized void reapAll() {
        if (!Files.exists(notes, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.list(privateDirectory())) {
            for (Path note : all.toList()) {
                if (isOurs(note)) {
                    reapOne(note);
                } else {
                    System.err.println("ignoring " + note + ": not a regular file of this user's");
                }
            }
        } catch (IOException e) {
            System.err.println("not reaping orphaned servers: " + e.getMessage());
        }
    }

    /** The registry directory, created 0700 if missing; refused unless it is a real directory of ours, closed to others. */
    Path privateDirectory() throws IOException {
        if (!Files.exists(notes, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(notes.getParent());
            try {
                Files.createDirectory(notes, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM made it: checked below like any other
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(notes, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink() || !attributes.isDirectory()) {
            throw new IOException("refusing the server registry " + notes + ": not a directory (a symbolic link?)");
        }
        if (!attributes.owner().getName().equals(System.getProperty("user.name"))) {
            throw new IOException("refusing the server registry " + notes + ": owned by " + attributes.owner().getName());
        }
        if (!attributes.permissions().equals(PRIVATE)) {
            throw new IOException("refusing the server registry " + notes + ": mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + ", not rwx------");
        }
        return notes;
    }

    private static boolean isOurs(Path note) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(note, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.isRegularFile() && attributes.owner().getName().equals(System.getProperty("user.name"));
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

    private static String noteName(Path dataDir) {
        return Integer.toHexString(dataDir.toString().hashCode()) + ".owner";
    }
}
