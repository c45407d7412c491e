package io.shapes.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Names;
import io.shapes.core.Placement;
import io.shapes.snapshot.ApiKeys;

/** Tenants and their API keys (hashes only). The publisher reads key changes and publishes the hashes for routers. */
public final class Tenants {
    private final ControlStore store;

    Tenants(ControlStore store) {
        this.store = store;
    }

    /**
     * A key as issued: the only time the plain key exists outside the client. {@code keyId} names it for
     * {@link #revokeKey} without revealing it (the start of its hash).
     */
    public record IssuedKey(String tenant, String keyId, String apiKey) {
        @Override
        public String toString() {
            return "IssuedKey[" + tenant + ", " + keyId + "]";
        }
    }

    /**
     * Creates a new tenant with no stored placement (its shapes live in its hashed bucket) and issues its first key;
     * an existing tenant is an error (add a key instead).
     */
    public IssuedKey create(String tenant) {
        return create(tenant, null);
    }

    /**
     * Creates a new tenant whose shapes live in {@code placement} (null: its hashed bucket) and issues its first key;
     * an existing tenant is an error (add a key instead).
     */
    public IssuedKey create(String tenant, Placement placement) {
        Names.requireTenant(tenant);
        return store.inTransaction(c -> {
            try (PreparedStatement t = c.prepareStatement(
                    "insert into tenants (name, placement) values (?, ?) on conflict (name) do nothing")) {
                t.setString(1, tenant);
                t.setArray(2, placement == null ? null : buckets(c, placement));
                if (t.executeUpdate() == 0) {
                    throw new ControlStoreException("tenant '" + tenant + "' exists already; give it another key with"
                            + " 'tenant key add " + tenant + "'");
                }
            }
            return issue(c, tenant);
        });
    }

    /** Whether the tenant exists (with or without active keys). */
    public boolean exists(String tenant) {
        return store.withConnection(c -> exists(c, tenant));
    }

    /** Issues one more key to an existing tenant, e.g. to rotate keys without downtime. */
    public IssuedKey addKey(String tenant) {
        Names.requireTenant(tenant);
        return store.inTransaction(c -> {
            if (!exists(c, tenant)) {
                throw new ControlStoreException("no tenant named '" + tenant + "'");
            }
            return issue(c, tenant);
        });
    }

    /** Revokes one active key of the tenant by its id; an unknown or already revoked id is an error. */
    public void revokeKey(String tenant, String keyId) {
        Names.requireTenant(tenant);
        if (!ApiKeys.isKeyId(keyId)) {
            throw new IllegalArgumentException("a key id is " + ApiKeys.KEY_ID_LENGTH + " hex digits, as 'tenant key"
                    + " add' prints it");
        }
        store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update api_keys set revoked_at = now(), changed_at = now() where tenant = ?"
                    + " and left(key_hash, " + ApiKeys.KEY_ID_LENGTH + ") = ? and revoked_at is null")) {
                s.setString(1, tenant);
                s.setString(2, keyId);
                if (s.executeUpdate() == 0) {
                    throw new ControlStoreException("tenant '" + tenant + "' has no active key " + keyId);
                }
            }
            return null;
        });
    }

    private static IssuedKey issue(java.sql.Connection c, String tenant) throws java.sql.SQLException {
        String key = ApiKeys.generate();
        String hash = ApiKeys.hash(key);
        try (PreparedStatement k = c.prepareStatement("insert into api_keys (key_hash, tenant) values (?, ?)")) {
            k.setString(1, hash);
            k.setString(2, tenant);
            k.executeUpdate();
        }
        return new IssuedKey(tenant, ApiKeys.keyId(hash), key);
    }

    /** Revokes every key of the tenant; returns how many were active. */
    public int revoke(String tenant) {
        return store.withConnection(c -> {
            if (!exists(c, tenant)) {
                throw new ControlStoreException("no tenant named '" + tenant + "'");
            }
            try (PreparedStatement s = c.prepareStatement(
                    "update api_keys set revoked_at = now(), changed_at = now() where tenant = ? and revoked_at is null")) {
                s.setString(1, tenant);
                return s.executeUpdate();
            }
        });
    }

    /** Every active key hash with its tenant. */
    public Map<String, String> activeKeyHashes() {
        return store.withConnection(c -> {
            Map<String, String> keys = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select key_hash, tenant from api_keys where revoked_at is null");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getString(2));
                }
            }
            return keys;
        });
    }

    /**
     * A key that was issued, revoked, or whose tenant's placement changed: {@code active} false once revoked; the
     * tenant's placement travels with each of its keys.
     */
    public record KeyChange(String keyHash, String tenant, boolean active, Placement placement) {
        /** A key of a tenant with the default placement. */
        public KeyChange(String keyHash, String tenant, boolean active) {
            this(keyHash, tenant, active, Placement.defaultFor(tenant));
        }
    }

    /** Key changes read at {@code readAt} (the store's clock, taken before reading). */
    public record KeyChanges(Instant readAt, List<KeyChange> changes) {
    }

    /**
     * Every key issued or revoked in a transaction that started at or after {@code since}; with {@code since} null,
     * every active key. A publisher that asks again from a little before the last {@code readAt} also sees what
     * transactions that were still open then wrote.
     */
    public KeyChanges keyChangesSince(Instant since) {
        return store.withConnection(c -> {
            Instant readAt;
            try (PreparedStatement s = c.prepareStatement("select clock_timestamp()"); ResultSet rs = s.executeQuery()) {
                rs.next();
                readAt = rs.getObject(1, OffsetDateTime.class).toInstant();
            }
            List<KeyChange> changes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(since == null
                    ? "select k.key_hash, k.tenant, true, t.placement from api_keys k join tenants t on t.name = k.tenant"
                            + " where k.revoked_at is null"
                    : "select k.key_hash, k.tenant, k.revoked_at is null, t.placement from api_keys k"
                            + " join tenants t on t.name = k.tenant where k.changed_at >= ?")) {
                if (since != null) {
                    s.setObject(1, since.atOffset(ZoneOffset.UTC));
                }
                s.setFetchSize(10_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String tenant = rs.getString(2);
                        changes.add(new KeyChange(rs.getString(1), tenant, rs.getBoolean(3), placement(tenant,
                                rs.getArray(4))));
                    }
                }
            }
            return new KeyChanges(readAt, changes);
        });
    }

    /** Per-tenant rate limits that override the router's default. */
    public Map<String, Integer> rateLimitOverrides() {
        return store.withConnection(c -> {
            Map<String, Integer> limits = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select name, rate_limit_per_second from tenants where rate_limit_per_second is not null");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    limits.put(rs.getString(1), rs.getInt(2));
                }
            }
            return limits;
        });
    }

    /** The tenant's own rate limit, if it has one. */
    public java.util.Optional<Integer> rateLimit(String tenant) {
        return column(tenant, "rate_limit_per_second", rs -> java.util.Optional.ofNullable((Integer) rs.getObject(1)));
    }

    public void setRateLimit(String tenant, Integer perSecond) {
        store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update tenants set rate_limit_per_second = ? where name = ?")) {
                s.setObject(1, perSecond);
                s.setString(2, tenant);
                if (s.executeUpdate() == 0) {
                    throw new ControlStoreException("no tenant named '" + tenant + "'");
                }
            }
            return null;
        });
    }

    /** The tenant's placement: as stored, or its hashed bucket when none is. */
    public Placement placement(String tenant) {
        Names.requireTenant(tenant);
        return column(tenant, "placement", rs -> placement(tenant, rs.getArray(1)));
    }

    /** One setting of the tenant, read by {@code reader} from its only column; an unknown tenant is an error. */
    private <T> T column(String tenant, String column, ColumnReader<T> reader) {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select " + column + " from tenants where name = ?")) {
                s.setString(1, tenant);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new ControlStoreException("no tenant named '" + tenant + "'");
                    }
                    return reader.read(rs);
                }
            }
        });
    }

    @FunctionalInterface
    private interface ColumnReader<T> {
        T read(ResultSet rs) throws java.sql.SQLException;
    }

    /**
     * Replaces the tenant's placement {@code before} by {@code after}, which must extend it (placements only grow), and
     * marks the tenant's keys changed so that the next publication carries it. Refused if the placement is no longer
     * {@code before}: another widening came first.
     */
    public void widen(String tenant, Placement before, Placement after) {
        if (after.width() <= before.width() || !after.buckets().subList(0, before.width()).equals(before.buckets())) {
            throw new IllegalArgumentException("a placement only grows by appending buckets");
        }
        store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("update tenants set placement = ? where name = ?"
                    + " and coalesce(placement, ?) = ?")) {
                s.setArray(1, buckets(c, after));
                s.setString(2, tenant);
                s.setArray(3, buckets(c, Placement.defaultFor(tenant)));
                s.setArray(4, buckets(c, before));
                if (s.executeUpdate() == 0) {
                    throw new ControlStoreException("the placement of tenant '" + tenant + "' changed meanwhile; try"
                            + " again");
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "update api_keys set changed_at = now() where tenant = ? and revoked_at is null")) {
                s.setString(1, tenant);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static java.sql.Array buckets(java.sql.Connection c, Placement placement) throws java.sql.SQLException {
        return c.createArrayOf("int4", placement.buckets().toArray());
    }

    private static Placement placement(String tenant, java.sql.Array stored) throws java.sql.SQLException {
        if (stored == null) {
            return Placement.defaultFor(tenant);
        }
        Integer[] buckets = (Integer[]) stored.getArray();
        return new Placement(java.util.Arrays.asList(buckets));
    }

    private static boolean exists(java.sql.Connection c, String tenant) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from tenants where name = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
