package io.shapes.cellmanager;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.ExitCodes;
import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import io.shapes.core.Secrets;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the control store is and how to talk to cells. Secrets never come from the command line, where every user of
 * the machine can read them: the cells' admin token comes from {@code SHAPES_CELL_ADMIN_TOKEN} (or the 0600 file
 * named by {@code SHAPES_CELL_ADMIN_TOKEN_FILE}); a control-store URL with a password from {@code SHAPES_CONTROL_DB}
 * (or {@code SHAPES_CONTROL_DB_FILE}), while {@code --control-db} takes only a URL without one.
 */
public class Connection {
    @Option(names = "--control-db", paramLabel = "URL",
            description = "the control store's JDBC URL, without a password (default: $SHAPES_CONTROL_DB or the file"
                    + " named by $SHAPES_CONTROL_DB_FILE)")
    String controlDb;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private ControlStore store;
    private boolean audited;

    /**
     * The control store, opened once per command. Opening it records the command in the store's audit log (who: the
     * OS account and host; what: the command line, which holds no secret), before the command does anything.
     */
    ControlStore store() {
        if (store == null) {
            store = open();
            audit(store);
        }
        return store;
    }

    /**
     * The control store for a command that only reads it (the publisher): nothing is recorded in the audit log, so a
     * SELECT-only login is enough.
     */
    public ControlStore reader() {
        if (store == null) {
            store = open();
        }
        return store;
    }

    /** Records the command in the audit log once the store has one ({@code init} creates it, then calls this). */
    void audit(ControlStore opened) {
        if (!audited) {
            audited = opened.audit().record(actor(), commandLine());
        }
    }

    private String commandLine() {
        List<String> args = command.root().commandLine().getParseResult().originalArgs();
        return ExitCodes.escaped("cell-manager " + String.join(" ", args.stream()
                .map(arg -> arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace) ? "'" + arg + "'" : arg)
                .toList()));
    }

    private static String actor() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname")).trim();
            } catch (java.io.IOException e) {
                host = "unknown-host";
            }
        }
        return ExitCodes.escaped(System.getProperty("user.name") + "@" + host);
    }

    private ControlStore open() {
        if (controlDb != null && controlDb.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new UsageException("--control-db must not carry a password: a command line is visible to every"
                    + " user of the machine; set SHAPES_CONTROL_DB or SHAPES_CONTROL_DB_FILE instead");
        }
        String url = controlDb != null ? controlDb : secret("SHAPES_CONTROL_DB").orElse(null);
        if (url == null || url.isBlank()) {
            throw new UsageException("no control store: set SHAPES_CONTROL_DB (or SHAPES_CONTROL_DB_FILE) or pass"
                    + " --control-db URL");
        }
        if (!isPostgresUrl(url)) {
            throw new UsageException("the control store's URL (--control-db or SHAPES_CONTROL_DB) must be a valid"
                    + " jdbc:postgresql:// URL");
        }
        return ControlStore.at(url);
    }

    /** jdbc:postgresql://host[:port]/database[?parameters], with a host and a port (if any) that can exist. */
    private static boolean isPostgresUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            return false;
        }
        try {
            URI uri = new URI(url.substring("jdbc:".length()));
            return uri.getHost() != null && uri.getPort() <= 65_535;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public CellAdminClient cells() {
        String token = secret("SHAPES_CELL_ADMIN_TOKEN").orElseThrow(() -> new UsageException(
                "no cell admin token: set SHAPES_CELL_ADMIN_TOKEN or SHAPES_CELL_ADMIN_TOKEN_FILE"));
        try {
            Secrets.requireStrongToken("SHAPES_CELL_ADMIN_TOKEN", token);
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        return new CellAdminClient(token, Duration.ofSeconds(5));
    }

    private static java.util.Optional<String> secret(String variable) {
        try {
            return Secrets.fromEnvironment(variable, System.getenv());
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
