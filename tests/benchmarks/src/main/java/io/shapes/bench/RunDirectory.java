package io.shapes.bench;

import io.shapes.deployment.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A finished run's directory. Its reports, charts and logs are kept; its PostgreSQL data directories (gigabytes
 * after a split run) are not, so that runs in a row do not fill the disk.
 */
final class RunDirectory {
    private RunDirectory() {
    }

    /** Deletes every PostgreSQL data directory (one holding {@code PG_VERSION}) under {@code dir}; call once its deployment has stopped. */
    static void dropDatabases(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path candidate, BasicFileAttributes attributes) {
                    if (!Files.exists(candidate.resolve("PG_VERSION"))) {
                        return FileVisitResult.CONTINUE;
                    }
                    Directories.deleteRecursively(candidate);
                    return FileVisitResult.SKIP_SUBTREE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
