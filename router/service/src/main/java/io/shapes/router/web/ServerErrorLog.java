package io.shapes.router.web;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.shapes.router.exec.Reply;
import jakarta.inject.Singleton;

/**
 * Logs every 5xx the router answers, with its status and problem code, at WARN: the line carries the request's trace
 * id, as every line does, so a user's error report (its problem body has the trace id) finds it and the cell's own
 * lines. At most {@link #LINES_PER_SECOND} lines a second: a failing cell under load costs a count, not a flood; the
 * next line says how many were left out.
 */
@Singleton
public class ServerErrorLog {
    private static final Logger LOG = Logger.getLogger(ServerErrorLog.class);
    static final int LINES_PER_SECOND = 20;
    private static final long SECOND_NANOS = 1_000_000_000L;
    private final LongSupplier nanoClock;
    private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong linesInWindow = new AtomicLong();
    private final AtomicLong leftOut = new AtomicLong();

    public ServerErrorLog() {
        this(System::nanoTime);
    }

    ServerErrorLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Logs {@code reply} if it is a 5xx and this second has room; returns whether it logged a line. */
    public boolean answered(String method, String path, Reply reply) {
        if (reply.status() < 500) {
            return false;
        }
        long second = nanoClock.getAsLong() / SECOND_NANOS;
        long current = window.get();
        if (second != current && window.compareAndSet(current, second)) {
            linesInWindow.set(0);
        }
        if (linesInWindow.incrementAndGet() > LINES_PER_SECOND) {
            leftOut.incrementAndGet();
            return false;
        }
        long skipped = leftOut.getAndSet(0);
        LOG.warnf("answered %d %s to %s %s%s", reply.status(), code(reply), method, path,
                skipped == 0 ? "" : " (" + skipped + " more 5xx left out of the log since the last line)");
        return true;
    }

    private static String code(Reply reply) {
        int at = reply.body().indexOf("\"code\":\"");
        if (at < 0) {
            return "-";
        }
        int from = at + "\"code\":\"".length();
        int to = reply.body().indexOf('"', from);
        return to < 0 ? "-" : reply.body().substring(from, to);
    }
}
