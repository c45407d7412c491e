package io.shapes.router.cells;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;

/**
 * Closes a multiplexed connection to a cell that no longer answers at all. After a call on it timed out, the
 * connection is sent an HTTP/2 PING; without the answer within the cells' timeout it is closed, and the next calls
 * open a new one. A single slow call leaves its connection, and the calls sharing it, alone; a link that drops
 * packets or a cell that hangs does not keep every call queued on a connection that TCP would take minutes to give up.
 */
final class StalledConnections {
    private static final Logger LOG = Logger.getLogger(StalledConnections.class);
    private static final Buffer PING = Buffer.buffer(new byte[8]);
    private final Vertx vertx;
    private final long timeoutMs;
    private final Set<HttpConnection> checking = ConcurrentHashMap.newKeySet();

    StalledConnections(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
    }

    /** Checks the connection once, however many of its calls timed out together. */
    void check(HttpConnection connection) {
        if (!checking.add(connection)) {
            return;
        }
        long timer = vertx.setTimer(timeoutMs, fired -> close(connection));
        connection.ping(PING).onComplete(pong -> {
            vertx.cancelTimer(timer);
            if (pong.failed()) {
                close(connection);
            } else {
                checking.remove(connection);
            }
        });
    }

    private void close(HttpConnection connection) {
        if (checking.remove(connection)) {
            LOG.warnf("closing the connection to %s: a call timed out and the connection answered no ping within %d ms",
                    connection.remoteAddress(), timeoutMs);
            connection.close();
        }
    }
}
