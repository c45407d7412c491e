package io.shapes.snapshot;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A publication as files: {@code manifest.json} and {@code segments/<sha256>}. The publisher writes one for a static
 * file server to serve; a router keeps a copy of the last good one (static stability). Every file is written to a
 * temporary name and moved into place, so a reader never sees half a file; segments before the manifest that names
 * them.
 */
public final class PublicationDirectory {
    private final Path dir;
    private final Set<PosixFilePermission> permissions;

    /** {@code shared}: files readable by all (a static file server's), else by the owner only (a router's copy). */
    public PublicationDirectory(Path dir, boolean shared) {
        this.dir = dir;
        this.permissions = PosixFilePermissions.fromString(shared ? "rw-r--r--" : "rw-------");
    }

    public Path path() {
        return dir;
    }

    public Optional<byte[]> manifest() throws IOException {
        return read(dir.resolve(Manifest.FILE));
    }

    public Optional<byte[]> segment(String hash) throws IOException {
        if (!Checksums.isSha256Hex(hash)) {
            throw new InvalidPublicationException("not a segment name: " + hash);
        }
        return read(segments().resolve(hash));
    }

    public boolean hasSegment(String hash) {
        return Checksums.isSha256Hex(hash) && Files.isRegularFile(segments().resolve(hash));
    }

    public void writeSegment(String hash, byte[] bytes) throws IOException {
        if (!Checksums.sha256Hex(bytes).equals(hash)) {
            throw new InvalidPublicationException("segment " + hash + " does not match its checksum");
        }
        write(segments().resolve(hash), bytes);
    }

    public void writeManifest(Manifest manifest) throws IOException {
        write(dir.resolve(Manifest.FILE), manifest.toBytes());
    }

    /** Deletes every segment file not in {@code keep}. */
    public void retainOnly(Collection<String> keep) throws IOException {
        if (!Files.isDirectory(segments())) {
            return;
        }
        Set<String> kept = new HashSet<>(keep);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segments())) {
            for (Path file : files) {
                if (!kept.contains(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private Path segments() {
        return dir.resolve("segments");
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".writing-", ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.write(temp, bytes);
            Files.setPosixFilePermissions(temp, permissions);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
