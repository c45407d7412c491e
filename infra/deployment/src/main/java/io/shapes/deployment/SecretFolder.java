package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.core.Secrets;

/**
 * A process's secrets as files: a 0700 folder, one 0600 file per setting, named by the setting. The process finds
 * each through the environment variable {@link Secrets#fileVariable}, so that no secret is on a command line.
 */
final class SecretFolder {
    private SecretFolder() {
    }

    /** Writes {@code secrets} into {@code folder} and returns the environment that names their files. */
    static Map<String, String> write(Path folder, Map<String, String> secrets) {
        Map<String, String> environment = new LinkedHashMap<>();
        try {
            if (Files.isSymbolicLink(folder)) {
                throw new IllegalStateException(folder + " is a symbolic link; refusing to write secrets through it");
            }
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            for (Map.Entry<String, String> secret : secrets.entrySet()) {
                Path file = folder.resolve(secret.getKey());
                Path temp = folder.resolve(secret.getKey() + ".tmp");
                Files.deleteIfExists(temp);
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, secret.getValue());
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalStateException(file + " is not a regular file");
                }
                environment.put(Secrets.fileVariable(secret.getKey()), file.toAbsolutePath().toString());
            }
            return environment;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the secrets of " + folder.getParent(), e);
        }
    }
}
