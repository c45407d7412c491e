package io.shapes.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

/**
 * Wakes a waiter as soon as the control store changes what a routing snapshot carries (keys, tenants' limits, the
 * map): triggers send {@code NOTIFY shapes_snapshot}, this listens on a connection of its own. A wait that gets no
 * signal ends at its timeout, so a caller that waits between looks still looks on a fixed period.
 */
public final class ChangeSignals implements AutoCloseable {
    private static final String CHANNEL = "shapes_snapshot";
    private final DataSource dataSource;
    private Connection listening;

    ChangeSignals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Waits up to {@code timeout} for a change; returns whether one was signalled. Without a connection (the store
     * is down) it just waits the time out and tries to listen again next time.
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long millis = Math.max(1, timeout.toMillis());
        try {
            if (listening == null || !listening.isValid(1)) {
                listen();
            }
            var notifications = listening.unwrap(PGConnection.class).getNotifications((int) Math.min(millis,
                    Integer.MAX_VALUE));
            return notifications != null && notifications.length > 0;
        } catch (SQLException e) {
            close();
            Thread.sleep(millis);
            return false;
        }
    }

    private void listen() throws SQLException {
        close();
        listening = dataSource.getConnection();
        try (Statement s = listening.createStatement()) {
            s.execute("listen " + CHANNEL);
        }
    }

    @Override
    public void close() {
        if (listening != null) {
            try {
                listening.close();
            } catch (SQLException e) {
                // already broken: nothing more to release
            }
            listening = null;
        }
    }
}
