package io.shapes.cell.data;

import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Vert.x SQL client 4.5 leaves a query's connection-acquisition timer running when the acquisition fails (its
 * database refused the connection): when the timer fires, up to the pool's connection timeout later, it fails the
 * query's already failed promise again, and Vert.x reports {@code IllegalStateException: Result is already complete}
 * as an uncaught exception, with a stack trace, once per such query (eclipse-vertx/vertx-sql-client#1706). The query
 * was answered long before and nothing is lost, but a database outage would fill the cell's log with errors that are
 * not. This handler counts those and logs them at DEBUG; every other uncaught exception goes to the handler it
 * replaces. LeftoverAcquireTimersTest reproduces the client's behaviour: once a release of the client fixes it, that
 * test fails, and this class can go.
 */
@Singleton
public class LeftoverAcquireTimers {
    private static final Logger LOG = Logger.getLogger(LeftoverAcquireTimers.class);
    private final AtomicLong fired = new AtomicLong();

    void install(@Observes StartupEvent started, Vertx vertx) {
        install(vertx);
    }

    /** Puts this handler in front of {@code vertx}'s handler of uncaught exceptions. */
    public void install(Vertx vertx) {
        Handler<Throwable> others = vertx.exceptionHandler();
        vertx.exceptionHandler(failure -> {
            if (isLeftoverAcquireTimer(failure)) {
                fired.incrementAndGet();
                LOG.debugf("a failed query's connection-acquisition timer fired (vertx-sql-client#1706): %s", failure);
            } else if (others != null) {
                others.handle(failure);
            }
        });
    }

    /** How many leftover timers fired since the cell started. */
    public long fired() {
        return fired.get();
    }

    static boolean isLeftoverAcquireTimer(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals("io.vertx.sqlclient.impl.pool.SqlConnectionPool")
                    && frame.getMethodName().startsWith("lambda$execute")) {
                return true;
            }
        }
        return false;
    }
}
