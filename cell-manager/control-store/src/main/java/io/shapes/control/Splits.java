package io.shapes.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.map.RoutingMap;

/** Persisted splits. Phase moves are compare-and-set: a second process cannot move a split it did not see. */
public final class Splits {
    private static final String COLUMNS = "id, source, target, range_from, range_to, phase, copied_through, rows_copied,"
            + " write_pause_ms, map_version, started_at, updated_at, fenced_at";
    private final ControlStore store;

    Splits(ControlStore store) {
        this.store = store;
    }

    /** Records a new split in phase {@code planned}; refused while another split touches either cell. */
    public Split create(String source, String target, BucketRange range) {
        return store.inTransaction(c -> {
            try (PreparedStatement open = c.prepareStatement("select id from splits where phase not in ('done', 'aborted')"
                    + " and (source in (?, ?) or target in (?, ?))")) {
                open.setString(1, source);
                open.setString(2, target);
                open.setString(3, source);
                open.setString(4, target);
                try (ResultSet rs = open.executeQuery()) {
                    if (rs.next()) {
                        throw new ControlStoreException("split " + rs.getLong(1) + " of one of these cells is not"
                                + " finished; resume or abort it first");
                    }
                }
            }
            long id;
            try (PreparedStatement insert = c.prepareStatement("insert into splits (source, target, range_from, range_to,"
                    + " phase) values (?, ?, ?, ?, 'planned') returning id")) {
                insert.setString(1, source);
                insert.setString(2, target);
                insert.setInt(3, range.from());
                insert.setInt(4, range.to());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            event(c, id, SplitPhase.PLANNED, "range " + range + " from " + source + " to " + target);
            return find(c, id).orElseThrow();
        });
    }

    public Optional<Split> get(long id) {
        return store.withConnection(c -> find(c, id));
    }

    public List<Split> all() {
        return store.withConnection(c -> {
            List<Split> splits = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from splits order by id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    splits.add(row(rs));
                }
            }
            return splits;
        });
    }

    /**
     * Moves the split from {@code from} to {@code to}; throws if the move is illegal or the split moved meanwhile. The
     * move to {@code fenced} also records the fence time (unless one is recorded): the caller fences the source next,
     * and the write pause runs from here.
     */
    public Split advance(long id, SplitPhase from, SplitPhase to, String detail) {
        if (!from.canMoveTo(to)) {
            throw new SplitPhase.IllegalPhaseChangeException(id, from, to);
        }
        String fenceTime = to == SplitPhase.FENCED ? ", fenced_at = coalesce(fenced_at, clock_timestamp())" : "";
        // one statement, one round trip: a phase change may be inside a split's write pause
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("with moved as (update splits set phase = ?,"
                    + " updated_at = now()" + fenceTime + " where id = ? and phase = ? returning " + COLUMNS + "),"
                    + " logged as (insert into split_events (split_id, phase, detail) select id, ?, ? from moved)"
                    + " select " + COLUMNS + " from moved")) {
                s.setString(1, to.wireName());
                s.setLong(2, id);
                s.setString(3, from.wireName());
                s.setString(4, to.wireName());
                s.setString(5, detail);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new ControlStoreException("split " + id + " is no longer in phase " + from.wireName());
                    }
                    return row(rs);
                }
            }
        });
    }

    /**
     * The fenced split's verify passed: it moves to {@code verified} and {@code map} (the newest map with the range
     * reassigned to the target) is published, together or not at all, in one statement (inside the write pause).
     * From here the split can no longer be aborted: a published map gives the range to the target.
     *
     * @throws MapVersions.ConcurrentMapChangeException if the newest map is no longer the one {@code map} follows
     */
    public Split verifiedWithMap(long id, RoutingMap map, String reason) {
        Optional<Split> verified = store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("with newest as (select coalesce(max(version), 0) as version"
                    + " from map_versions), moved as (update splits set phase = 'verified', updated_at = now()"
                    + " where id = ? and phase = 'fenced' and (select version from newest) = ? returning " + COLUMNS
                    + "), logged as (insert into split_events (split_id, phase, detail) select id, 'verified', ?"
                    + " from moved), added as (insert into map_versions (version, document, reason)"
                    + " select ?, ?::jsonb, ? from moved) select " + COLUMNS + " from moved")) {
                s.setLong(1, id);
                s.setLong(2, map.version() - 1);
                s.setString(3, "per-bucket sums equal; map version " + map.version() + " published");
                s.setLong(4, map.version());
                s.setString(5, Json.write(map));
                s.setString(6, reason);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Split>empty();
                }
            } catch (SQLException e) {
                throw MapVersions.concurrentIfDuplicate(e, map.version());
            }
        });
        if (verified.isPresent()) {
            return verified.get();
        }
        long newest = store.maps().latest().map(RoutingMap::version).orElse(0L);
        if (newest != map.version() - 1) {
            throw new MapVersions.ConcurrentMapChangeException(map.version(), newest);
        }
        throw new ControlStoreException("split " + id + " is no longer in phase fenced");
    }

    /** Records copy progress: every row with a sequence number up to {@code copiedThrough} is on the target. */
    public void recordProgress(long id, long copiedThrough, long rowsCopied) {
        store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update splits set copied_through = ?, rows_copied = ?,"
                    + " updated_at = now() where id = ?")) {
                s.setLong(1, copiedThrough);
                s.setLong(2, rowsCopied);
                s.setLong(3, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Records that the split fences its source now, unless it did before (a resumed split keeps the first time:
     * writes have been paused since then). Call it before the fence is set.
     */
    public Split recordFence(long id) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update splits set fenced_at = coalesce(fenced_at, clock_timestamp()),"
                    + " updated_at = now() where id = ? returning " + COLUMNS)) {
                s.setLong(1, id);
                return returned(s, id);
            }
        });
    }

    /**
     * Records the map version that moved the range, and the write pause {@code writePauseMs} as the process that
     * fenced and switched measured it on its own clock, from before it recorded the fence to the switch's end: no
     * statement after the switch is counted in the pause. Without it ({@code null}: a split resumed after its fence,
     * whose pause ran while no process watched it), the pause runs from the recorded fence to now on the control
     * store's clock.
     */
    public Split recordSwitch(long id, long mapVersion, Long writePauseMs) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update splits set map_version = ?, write_pause_ms ="
                    + " coalesce(?, (extract(epoch from clock_timestamp() - fenced_at) * 1000)::bigint),"
                    + " updated_at = now() where id = ? returning " + COLUMNS)) {
                s.setLong(1, mapVersion);
                s.setObject(2, writePauseMs, java.sql.Types.BIGINT);
                s.setLong(3, id);
                return returned(s, id);
            }
        });
    }

    /**
     * The copy rate (rows per second of the copying phase) of the newest finished split that copied at least 1,000
     * rows: what a dry run's estimate is based on. Empty before any.
     */
    public java.util.OptionalDouble measuredCopyRate() {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select s.rows_copied, extract(epoch from b.at - a.at)"
                    + " from splits s join split_events a on a.split_id = s.id and a.phase = 'copying'"
                    + " join split_events b on b.split_id = s.id and b.phase = 'catching-up'"
                    + " where s.phase = 'done' and s.rows_copied >= 1000 order by s.id desc limit 1");
                    ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getDouble(2) <= 0) {
                    return java.util.OptionalDouble.empty();
                }
                return java.util.OptionalDouble.of(rs.getLong(1) / rs.getDouble(2));
            }
        });
    }

    /** The unfinished splits and the longest time one of them has spent in its current phase. */
    public SplitsInFlight inFlight() {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*), coalesce(max(extract(epoch from"
                    + " clock_timestamp() - (select max(e.at) from split_events e where e.split_id = s.id"
                    + " and e.phase = s.phase))), 0) from splits s where s.phase not in ('done', 'aborted')");
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                return new SplitsInFlight(rs.getInt(1), rs.getDouble(2));
            }
        });
    }

    private static void event(Connection c, long id, SplitPhase phase, String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into split_events (split_id, phase, detail) values (?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, phase.wireName());
            s.setString(3, detail);
            s.executeUpdate();
        }
    }

    private static Split returned(PreparedStatement update, long id) throws SQLException {
        try (ResultSet rs = update.executeQuery()) {
            if (!rs.next()) {
                throw new ControlStoreException("no split " + id);
            }
            return row(rs);
        }
    }

    private static Optional<Split> find(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from splits where id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Split row(ResultSet rs) throws SQLException {
        return new Split(rs.getLong(1), rs.getString(2), rs.getString(3), new BucketRange(rs.getInt(4), rs.getInt(5)),
                SplitPhase.parse(rs.getString(6)), rs.getLong(7), rs.getLong(8), (Long) rs.getObject(9),
                (Long) rs.getObject(10), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(),
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant());
    }
}
