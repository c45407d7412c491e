package io.shapes.router.map;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import io.shapes.core.Json;

/** The last good snapshot on local disk (static stability): written atomically, readable only by its owner. */
public final class SnapshotFile {
    private final Path file;

    public SnapshotFile(Path dir) {
        this.file = dir.resolve("snapshot.json");
    }

    public Optional<Snapshot> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), Snapshot.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void write(Snapshot snapshot) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "snapshot", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, Json.write(snapshot));
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Path path() {
        return file;
    }
}
