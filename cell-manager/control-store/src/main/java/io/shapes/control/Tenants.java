package io.shapes.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import io.shapes.core.Names;

/** Tenants and their API keys (hashes only). Routers load all active keys at once, with the map. */
public final class Tenants {
    private final ControlStore store;

    Tenants(ControlStore store) {
        this.store = store;
    }

    /** A key as issued: the only time the plain key exists outside the client. */
    public record IssuedKey(String tenant, String apiKey) {
    }

    /** Creates the tenant if it is new and issues it a new key. */
    public IssuedKey create(String tenant) {
        Names.requireTenant(tenant);
        String key = ApiKeys.generate();
        return store.inTransaction(c -> {
            try (PreparedStatement t = c.prepareStatement(
                    "insert into tenants (name) values (?) on conflict (name) do nothing")) {
                t.setString(1, tenant);
                t.executeUpdate();
            }
            try (PreparedStatement k = c.prepareStatement("insert into api_keys (key_hash, tenant) values (?, ?)")) {
                k.setString(1, ApiKeys.hash(key));
                k.setString(2, tenant);
                k.executeUpdate();
            }
            return new IssuedKey(tenant, key);
        });
    }

    /** Revokes every key of the tenant; returns how many were active. */
    public int revoke(String tenant) {
        return store.withConnection(c -> {
            if (!exists(c, tenant)) {
                throw new ControlStoreException("no tenant named '" + tenant + "'");
            }
            try (PreparedStatement s = c.prepareStatement(
                    "update api_keys set revoked_at = now() where tenant = ? and revoked_at is null")) {
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

    private static boolean exists(java.sql.Connection c, String tenant) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from tenants where name = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
