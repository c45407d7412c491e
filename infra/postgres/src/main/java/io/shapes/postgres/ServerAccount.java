package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The OS account the server runs as. PostgreSQL refuses to run as root, so a root JVM runs its tools through
 * {@code runuser -u postgres} (or {@code nobody} on a machine without a postgres account) and hands it the
 * data directory; any other user runs them directly.
 */
record ServerAccount(String user, boolean switched) {

    static ServerAccount current() {
        String me = System.getProperty("user.name");
        if (!"root".equals(me)) {
            return new ServerAccount(me, false);
        }
        return new ServerAccount(exists("postgres") ? "postgres" : "nobody", true);
    }

    /** The command line that runs {@code command} as this account. */
    List<String> command(List<String> command) {
        if (!switched) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Makes {@code path} (a directory, created if missing, or a file) and everything under it belong to this
     * account, and lets the account reach it: ancestors get the search bit for others (traverse, not list).
     */
    void own(Path path) throws IOException {
        if (!Files.exists(path)) {
            Files.createDirectories(path);
        }
        if (!switched) {
            return;
        }
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : (Iterable<Path>) tree::iterator) {
                Files.getFileAttributeView(each, PosixFileAttributeView.class).setOwner(owner);
            }
        }
        for (Path ancestor = path.toAbsolutePath().getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(ancestor);
            if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(ancestor, permissions);
            }
        }
    }

    private static boolean exists(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }
}
