package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server binaries come from: the system's ({@code /usr/lib/postgresql/N/bin}, or the
 * directory of {@code pg_ctl} on the PATH), otherwise the embedded ones from the zonky binaries artifact.
 *
 * <p>{@code SHAPES_POSTGRES_BINARIES} (or the system property {@code shapes.postgres.binaries}) may force
 * {@code system} or {@code embedded}; the default {@code auto} prefers the system's.
 */
public record PostgresBinaries(Path binDir, String source) {
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    public static PostgresBinaries locate() {
        String choice = System.getProperty("shapes.postgres.binaries",
                Optional.ofNullable(System.getenv("SHAPES_POSTGRES_BINARIES")).orElse("auto"));
        return switch (choice) {
            case "system" -> system().orElseThrow(() -> new IllegalStateException(
                    "no system PostgreSQL found (looked in " + DEBIAN_ROOT + "/*/bin and on the PATH)"));
            case "embedded" -> EmbeddedBinaries.extract();
            case "auto" -> system().orElseGet(EmbeddedBinaries::extract);
            default -> throw new IllegalArgumentException(
                    "shapes.postgres.binaries='" + choice + "'; expected auto, system or embedded");
        };
    }

    static Optional<PostgresBinaries> system() {
        return debianInstall().or(PostgresBinaries::onPath).map(dir -> new PostgresBinaries(dir, "system"));
    }

    public Path tool(String name) {
        return binDir.resolve(name);
    }

    private static Optional<Path> debianInstall() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(PostgresBinaries::hasServer)
                    .max(Comparator.comparingInt(PostgresBinaries::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(":")).filter(s -> !s.isBlank()).map(Path::of)
                .filter(PostgresBinaries::hasServer).findFirst();
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb"))
                && Files.isExecutable(bin.resolve("postgres"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
