package io.shapes.cell.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * A query whose database refuses the connection leaves a timer behind in the Vert.x SQL client (4.5), which fires
 * later and is reported as an uncaught exception: with the cell's handler in front, it is counted, not passed on as an
 * error; anything else still is.
 */
class LeftoverAcquireTimersTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<Throwable> passedOn = new CopyOnWriteArrayList<>();
    private final LeftoverAcquireTimers timers = new LeftoverAcquireTimers();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theTimerOfAQueryWhoseDatabaseRefusedTheConnectionIsCountedNotReported() throws Exception {
        vertx.exceptionHandler(passedOn::add);
        timers.install(vertx);
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setConnectionTimeout(300).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort()).setDatabase("shapes")
                        .setUser("nobody").setPassword("none"))
                .using(vertx).build();
        ExecutionException refused = assertThrows(ExecutionException.class, () -> pool.query("select 1").execute()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, refused.getCause());
        within10s(() -> timers.fired() > 0);
        assertEquals(1, timers.fired(), "the client's leftover timer fired once (vertx-sql-client#1706)");
        assertTrue(passedOn.isEmpty(), "and was not reported as an error: " + passedOn);
        pool.close();
    }

    @Test
    void everyOtherUncaughtExceptionGoesToTheHandlerItReplaces() throws Exception {
        vertx.exceptionHandler(passedOn::add);
        timers.install(vertx);
        IllegalStateException elsewhere = new IllegalStateException("Result is already complete");
        vertx.runOnContext(v -> {
            throw elsewhere;
        });
        within10s(() -> !passedOn.isEmpty());
        assertEquals(List.of(elsewhere), passedOn, "the same message from elsewhere is not the client's timer");
        assertEquals(0, timers.fired());
    }

    private static void within10s(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
