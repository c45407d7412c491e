package io.shapes.web;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.shapes.core.Secrets;

/**
 * Secrets from files: a setting {@code shapes.cell.admin-token} is read from the file named by the environment
 * variable {@code SHAPES_CELL_ADMIN_TOKEN_FILE} (the usual container convention), so that no secret needs to appear
 * on a command line. The file must be a regular file that only its owner may read (0600 or 0400); its content,
 * without the trailing newline, is the value. Environment variables ({@code SHAPES_CELL_ADMIN_TOKEN}) still win.
 */
public final class SecretFiles implements ConfigSource {
    /** Just below the environment (300), above application.properties (250). */
    static final int ORDINAL = 295;
    private final Map<String, String> environment;

    public SecretFiles() {
        this(System.getenv());
    }

    SecretFiles(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The environment variable that names the file of {@code property}. */
    public static String variableFor(String property) {
        return Secrets.fileVariable(property);
    }

    @Override
    public String getValue(String property) {
        if (!property.startsWith("shapes.")) {
            return null;
        }
        String file = environment.get(variableFor(property));
        return file == null || file.isBlank() ? null : Secrets.readFile(variableFor(property), Path.of(file));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "SecretFiles (*_FILE)";
    }
}
