package io.shapes.cell.config;

import java.util.List;

import io.shapes.core.Scheme;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything a cell is configured with. Validated at start: a bad value stops the cell with the key named. */
@ConfigMapping(prefix = "shapes.cell")
public interface CellConfig {
    /** The cell's name, as registered with the cell-manager. */
    String name();

    /** The deployment's partition key; must match the routing map's. */
    Scheme scheme();

    /** The fixed size of a cell: the most shapes it stores. Identical for all cells of a deployment. */
    long capacity();

    /** Requests on the internal API at once; more are refused at once with 503 overloaded. */
    int maxInFlight();

    /**
     * The data-plane token: what routers present ({@code Authorization: Bearer}) to put, get and count. It opens no
     * admin endpoint. A secret: give it as {@code SHAPES_CELL_DATA_TOKEN} or in the file named by
     * {@code SHAPES_CELL_DATA_TOKEN_FILE}, never on the command line.
     */
    String dataToken();

    /**
     * The admin token: what cell-manager presents for ownership, import, the change feed, checksums and delete (and
     * the data-plane calls). A secret, given like {@link #dataToken()}.
     */
    String adminToken();

    /** The shape types this deployment accepts. */
    List<String> types();

    /** Rows per (tenant, type, bucket) in the count table: more stripes, less lock contention on hot counts. */
    @WithDefault("8")
    int countStripes();

    /** Retry-After for writes to a fenced range (a split's write pause is well under a second). */
    @WithDefault("100")
    long movingRetryAfterMs();

    /** Retry-After when shedding load. */
    @WithDefault("50")
    long overloadedRetryAfterMs();

    /** How long a write to a fenced range waits for the fence to lift before it is answered 503 moving. */
    @WithDefault("250")
    long fenceHoldMs();

    /** How many writes may wait at fences at once; any more are answered 503 moving at once. */
    @WithDefault("64")
    int fenceHoldMaxWrites();

    /** How long a fence waits for in-flight writes of its range to finish. */
    @WithDefault("5000")
    long fenceDrainTimeoutMs();

    /** Rows per page of the migration feed, and the most a batch delete may remove. */
    @WithDefault("5000")
    int maxPageSize();

    Db db();

    /** The cell's own PostgreSQL. */
    interface Db {
        String host();

        int port();

        String name();

        String user();

        String password();

        /**
         * Connections of the pipelined client that serves getShape's primary-key reads ({@code PipelinedReads}), spread
         * evenly over the event loops (over as many of them as there are connections). Each carries up to 32 reads at
         * once; a read goes on its own event loop's connection, and on another only when that one is that busy.
         */
        @WithDefault("4")
        int readConnections();
    }
}
