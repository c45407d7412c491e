package io.shapes.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit trail of the control plane: who ran which cell-manager command, and when. Append-only. */
public final class AuditLog {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final int MAX_COMMAND = 2000;
    private final ControlStore store;

    AuditLog(ControlStore store) {
        this.store = store;
    }

    /** One recorded action. */
    public record Entry(Instant at, String actor, String command) {
    }

    /**
     * Records that {@code actor} ran {@code command} (cut at 2,000 characters). Returns false, recording nothing,
     * when the store has no audit table yet (before {@code init} created the schema).
     */
    public boolean record(String actor, String command) {
        try {
            return store.withConnection(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into audit_log (actor, command) values (?, ?)")) {
                    s.setString(1, actor);
                    s.setString(2, command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) + "…" : command);
                    s.executeUpdate();
                }
                return true;
            });
        } catch (ControlStoreException e) {
            if (e.getCause() instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> newest(int limit) {
        return store.withConnection(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select at, actor, command from audit_log order by id desc limit ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return entries;
        });
    }
}
