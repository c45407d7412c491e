package io.shapes.cellmanager;

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
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new UsageException("--control-db must be a jdbc:postgresql:// URL");
        }
        return ControlStore.at(url);
    }

    CellAdminClient cells() {
        String token = internalToken != null ? internalToken : System.getenv("SHAPES_INTERNAL_TOKEN");
        if (token == null || token.isBlank()) {
            throw new UsageException("no internal token: pass --internal-token or set SHAPES_INTERNAL_TOKEN");
        }
        return new CellAdminClient(token, Duration.ofSeconds(5));
    }
}
