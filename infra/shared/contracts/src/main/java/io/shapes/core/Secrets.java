package io.shapes.core;

import java.util.List;
import java.util.Locale;

/**
 * The rules every secret of a deployment follows (tokens, passwords): long enough to be unguessable, never a
 * placeholder copied from an example, and never given on a command line, where every user of the machine can read
 * it ({@code ps}, {@code /proc/PID/cmdline}). Secrets come from the environment or from {@code *_FILE} files.
 */
public final class Secrets {
    /** The shortest token a service accepts: 32 characters (24 random bytes in base64url). */
    public static final int MIN_TOKEN_LENGTH = 32;
    private static final List<String> PLACEHOLDERS = List.of("replace-me", "changeme", "change-me");

    private Secrets() {
    }

    /** Throws naming {@code setting} (never the value) when {@code token} is missing, short or a placeholder. */
    public static String requireStrongToken(String setting, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(setting + " is not set: give it in the environment or in a 0600 file"
                    + " named by the matching *_FILE variable");
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (PLACEHOLDERS.stream().anyMatch(lower::startsWith)) {
            throw new IllegalStateException(setting + " is a placeholder: generate a secret"
                    + " (e.g. openssl rand -base64 32)");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(setting + " must be at least " + MIN_TOKEN_LENGTH + " characters (it has "
                    + token.length() + ")");
        }
        return token;
    }

    /**
     * Throws when any of {@code settings} was given on this process's command line as {@code -Dsetting=…}: it would
     * be readable by every user of the machine.
     */
    public static void requireNotOnCommandLine(List<String> arguments, List<String> settings) {
        for (String argument : arguments) {
            for (String setting : settings) {
                if (argument.startsWith("-D" + setting + "=")) {
                    throw new IllegalStateException(setting + " was given on the command line, where every user of"
                            + " the machine can read it; set " + environmentName(setting) + " or "
                            + environmentName(setting) + "_FILE instead");
                }
            }
        }
    }

    /** This process's command-line arguments (empty where the platform does not tell). */
    public static List<String> ownArguments() {
        return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }

    /**
     * A secret from the environment: {@code variable} itself, else the file named by {@code variable_FILE}; empty
     * when neither is set.
     */
    public static java.util.Optional<String> fromEnvironment(String variable, java.util.Map<String, String> environment) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return java.util.Optional.of(value);
        }
        String file = environment.get(variable + "_FILE");
        return file == null || file.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(readFile(variable + "_FILE", java.nio.file.Path.of(file)));
    }

    /**
     * The secret in {@code file} (named by the environment variable {@code variable}), without its trailing newline.
     * The file must be a regular file that only its owner may read.
     */
    public static String readFile(String variable, java.nio.file.Path file) {
        try {
            if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException(variable + " names " + file + ", which is not a regular file");
            }
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
                    java.nio.file.Files.getPosixFilePermissions(file);
            if (permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                    || permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)) {
                throw new IllegalStateException(variable + " names " + file + ", which others may read: chmod 600 it");
            }
            String value = java.nio.file.Files.readString(file);
            return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + variable + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** The environment variable that names the file holding {@code setting} (e.g. SHAPES_CELL_ADMIN_TOKEN_FILE). */
    public static String fileVariable(String setting) {
        return environmentName(setting) + "_FILE";
    }

    /** The environment variable SmallRye Config maps to {@code setting}. */
    public static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
