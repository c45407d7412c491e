package io.shapes.cell.data;

import io.netty.util.concurrent.EventExecutor;
import io.shapes.cell.config.CellConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The client for getShape's primary-key reads: a few pipelined connections to the cell's PostgreSQL. A read waits
 * for no other, so many share a connection at once, up to {@link #DEPTH}. PostgreSQL answers them back to back
 * without going to sleep between them, and several answers arrive in one socket read. The pool would instead lease a
 * connection per read and wake its backend for each one. docs/BENCHMARKS.md section 10 has the figures.
 * The connections are spread evenly over the event loops (over as many as there are connections), and a read takes
 * one of its own event loop when it has room: its request, its query and its answer then stay on one thread, with no
 * wake-up of another between them.
 * Writes stay on the pool: on one pipelined connection, each commit would wait for its own WAL flush, where the
 * pool's many connections share one. Counts and everything else stay there too, so that no longer statement ever
 * holds up a read queued behind it.
 */
@Singleton
public class PipelinedReads {
    /** How its connections are named in PostgreSQL ({@code pg_stat_activity.application_name}). */
    public static final String APPLICATION_NAME = "shapes-cell-reads";
    /**
     * Reads in flight on one connection at most. A read goes on its own event loop's connection until that one
     * holds this many, and only then on another loop's, so under moderate load each backend answers its loop's reads
     * back to back; a deeper queue would only make a read wait behind more others (about 10 microseconds each)
     * instead of going to another connection's backend.
     */
    public static final int DEPTH = 32;
    private final SqlClient client;

    public PipelinedReads(CellConfig config, Vertx vertx) {
        CellConfig.Db db = config.db();
        int connections = db.readConnections();
        this.client = SqlClient.newInstance(PgBuilder.client()
                .with(new PoolOptions().setMaxSize(connections)
                        .setEventLoopSize(Math.min(connections, eventLoops(vertx))))
                .connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                        .setUser(db.user()).setPassword(db.password()).setCachePreparedStatements(true)
                        .setPipeliningLimit(DEPTH).addProperty("application_name", APPLICATION_NAME))
                .using(vertx).build());
    }

    private static int eventLoops(Vertx vertx) {
        int loops = 0;
        for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
            loops++;
        }
        return loops;
    }

    public SqlClient client() {
        return client;
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
