package io.shapes.control;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import io.shapes.core.Json;
import io.shapes.core.Scheme;
import io.shapes.core.map.RoutingMap;

/** The deployment row, written once by {@code init} together with the empty map version 1. */
public final class Deployments {
    private final ControlStore store;

    Deployments(ControlStore store) {
        this.store = store;
    }

    /** Initialises an empty deployment; refused if one exists already. */
    public Deployment init(Scheme scheme, long cellCapacity, int shardSize) {
        Deployment deployment = new Deployment(scheme, cellCapacity, shardSize);
        return store.inTransaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("select 1 from deployment")) {
                if (exists.executeQuery().next()) {
                    throw new ControlStoreException("the control store is already initialised");
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into deployment (scheme, cell_capacity, shard_size) values (?, ?, ?)")) {
                insert.setString(1, scheme.wireName());
                insert.setLong(2, cellCapacity);
                insert.setInt(3, shardSize);
                insert.executeUpdate();
            }
            try (PreparedStatement map = c.prepareStatement(
                    "insert into map_versions (version, document, reason) values (1, ?::jsonb, 'init')")) {
                map.setString(1, Json.write(RoutingMap.empty(scheme)));
                map.executeUpdate();
            }
            return deployment;
        });
    }

    public Optional<Deployment> get() {
        return store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("select scheme, cell_capacity, shard_size from deployment");
                    ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Deployment(Scheme.parse(rs.getString(1)), rs.getLong(2), rs.getInt(3)))
                        : Optional.empty();
            }
        });
    }

    public Deployment require() {
        return get().orElseThrow(() -> new ControlStoreException("the control store is not initialised: run init"));
    }
}
