package io.shapes.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The autopilot's persisted operations (see {@link AutopilotOperation}). */
public final class AutopilotOperations {
    private static final String COLUMNS = "id, kind, source, target, state, reason, detail, started_at, updated_at";
    private final ControlStore store;

    AutopilotOperations(ControlStore store) {
        this.store = store;
    }

    /** Records a new operation in its first state (a split provisions, a merge moves). */
    public AutopilotOperation start(AutopilotOperation.Kind kind, String source, String target, String reason) {
        AutopilotOperation.State first = kind == AutopilotOperation.Kind.SPLIT ? AutopilotOperation.State.PROVISIONING
                : AutopilotOperation.State.MOVING;
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into autopilot_operations (kind, source, target, state,"
                    + " reason) values (?, ?, ?, ?, ?) returning " + COLUMNS)) {
                s.setString(1, kind.wireName());
                s.setString(2, source);
                s.setString(3, target);
                s.setString(4, first.wireName());
                s.setString(5, reason);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return row(rs);
                }
            }
        });
    }

    /** Moves the operation to {@code state}, with what happened. */
    public AutopilotOperation advance(long id, AutopilotOperation.State state, String detail) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update autopilot_operations set state = ?, detail = ?,"
                    + " updated_at = clock_timestamp() where id = ? returning " + COLUMNS)) {
                s.setString(1, state.wireName());
                s.setString(2, detail);
                s.setLong(3, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new ControlStoreException("there is no autopilot operation " + id);
                    }
                    return row(rs);
                }
            }
        });
    }

    /** Operations not done nor failed, oldest first: what a restarted autopilot finishes. */
    public List<AutopilotOperation> unfinished() {
        return select("where state not in ('done', 'failed') order by id", -1);
    }

    /** The newest {@code limit} operations, newest first. */
    public List<AutopilotOperation> newest(int limit) {
        return select("order by id desc limit ?", limit);
    }

    /** Every cell name an operation has used: a new cell's name is never given twice. */
    public List<String> cellNames() {
        return store.withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select source from autopilot_operations union"
                    + " select target from autopilot_operations"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** The newest operation that involved {@code cell}, finished or not. */
    public Optional<AutopilotOperation> newestOf(String cell) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from autopilot_operations"
                    + " where source = ? or target = ? order by id desc limit 1")) {
                s.setString(1, cell);
                s.setString(2, cell);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    private List<AutopilotOperation> select(String clause, int limit) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from autopilot_operations " + clause)) {
                if (limit >= 0) {
                    s.setInt(1, limit);
                }
                List<AutopilotOperation> operations = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        operations.add(row(rs));
                    }
                }
                return operations;
            }
        });
    }

    private static AutopilotOperation row(ResultSet rs) throws SQLException {
        return new AutopilotOperation(rs.getLong(1), AutopilotOperation.Kind.parse(rs.getString(2)), rs.getString(3),
                rs.getString(4), AutopilotOperation.State.parse(rs.getString(5)), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant());
    }
}
