package io.shapes.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An exclusive, named lease on the control store: a PostgreSQL session-level advisory lock on a connection of its
 * own. It lasts while that connection lives, so a process that dies (or loses the store) gives it up at once, and
 * a second process asking for it is told so instead of acting beside the first.
 */
public final class Lease implements AutoCloseable {
    private final Connection connection;
    private final String name;

    private Lease(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    static Optional<Lease> tryTake(ControlStore store, String name) {
        try {
            Connection connection = store.connect();
            try (PreparedStatement s = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
                s.setString(1, "shapes." + name);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.of(new Lease(connection, name));
                    }
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            throw ControlStoreException.wrap(e);
        }
    }

    /** Whether the lease still holds: its connection answers within two seconds. */
    public boolean isHeld() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone, and its lock with it
        }
    }
}
