package io.shapes.cellmanager;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.UsageException;
import io.shapes.control.ControlStore;
import picocli.CommandLine.Option;

/** Where the control store is and how to talk to cells: options, else environment variables. */
public class Connection {
    @Option(names = "--control-db", paramLabel = "URL",
            description = "the control store's JDBC URL with credentials (default: $SHAPES_CONTROL_DB)")
    String controlDb;

    @Option(names = "--internal-token", paramLabel = "TOKEN",
            description = "the cells' internal token (default: $SHAPES_INTERNAL_TOKEN)")
    String internalToken;

    ControlStore store() {
        String url = controlDb != null ? controlDb : System.getenv("SHAPES_CONTROL_DB");
        if (url == null || url.isBlank()) {
            throw new UsageException("no control store: pass --control-db URL or set SHAPES_CONTROL_DB");
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

    CellAdminClient cells() {
        String token = internalToken != null ? internalToken : System.getenv("SHAPES_INTERNAL_TOKEN");
        if (token == null || token.isBlank()) {
            throw new UsageException("no internal token: pass --internal-token or set SHAPES_INTERNAL_TOKEN");
        }
        return new CellAdminClient(token, Duration.ofSeconds(5));
    }
}
