package io.shapes.control;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.shapes.core.Json;
import io.shapes.core.map.RoutingMap;

/**
 * The append-only history of routing maps. {@link #append} only succeeds for the version right after the
 * newest, so two writers can never both publish "the next" map.
 */
public final class MapVersions {
    private static final String UNIQUE_VIOLATION = "23505";
    private final ControlStore store;

    MapVersions(ControlStore store) {
        this.store = store;
    }

    /** One entry of the history. */
    public record Entry(long version, Instant createdAt, String reason) {
    }

    /** The newest map: the truth. Empty before {@code init}. */
    public Optional<RoutingMap> latest() {
        return store.withConnection(c -> read(c, "select document from map_versions order by version desc limit 1", null));
    }

    public Optional<RoutingMap> get(long version) {
        return store.withConnection(c -> read(c, "select document from map_versions where version = ?", version));
    }

    /**
     * Publishes {@code map}, which must be the version right after the newest.
     *
     * @throws ConcurrentMapChangeException if another writer published that version first
     */
    public RoutingMap append(RoutingMap map, String reason) {
        // one statement, one round trip (it may be inside a split's write pause): the insert happens only right after
        // the newest version, and the primary key refuses a second writer of the same version
        return store.withConnection(c -> {
            try (PreparedStatement insert = c.prepareStatement("with newest as (select coalesce(max(version), 0) as"
                    + " version from map_versions), added as (insert into map_versions (version, document, reason)"
                    + " select ?, ?::jsonb, ? from newest where newest.version = ? returning version)"
                    + " select newest.version, (select count(*) from added) from newest")) {
                insert.setLong(1, map.version());
                insert.setString(2, Json.write(map));
                insert.setString(3, reason);
                insert.setLong(4, map.version() - 1);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    if (rs.getLong(2) == 0) {
                        throw new ConcurrentMapChangeException(map.version(), rs.getLong(1));
                    }
                }
                return map;
            } catch (SQLException e) {
                throw concurrentIfDuplicate(e, map.version());
            }
        });
    }

    /** A second writer of {@code version} as a {@link ConcurrentMapChangeException}; any other error as it was. */
    static SQLException concurrentIfDuplicate(SQLException e, long version) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw new ConcurrentMapChangeException(version, version);
        }
        return e;
    }

    public List<Entry> history() {
        return store.withConnection(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select version, created_at, reason from map_versions order by version");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
                }
            }
            return entries;
        });
    }

    private static Optional<RoutingMap> read(java.sql.Connection c, String sql, Long version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (version != null) {
                s.setLong(1, version);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Json.read(rs.getString(1), RoutingMap.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new ControlStoreException("a stored map version is invalid: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Another writer published the version this one meant to write. */
    public static final class ConcurrentMapChangeException extends ControlStoreException {
        public ConcurrentMapChangeException(long attempted, long newest) {
            super("map version " + attempted + " cannot follow version " + newest + "; re-read the map and retry");
        }
    }
}
