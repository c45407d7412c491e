package io.shapes.cell.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import io.shapes.cell.config.CellConfig;
import jakarta.inject.Singleton;

/** Who presents an {@code Authorization} header: a router (data plane), cell-manager (admin), or nobody we know. */
@Singleton
public class CellTokens {
    /** What a token lets its holder do. */
    public enum Role {
        /** put, get and count: what a router needs. */
        DATA_PLANE,
        /** everything, including ownership, import, the change feed, checksums and delete. */
        ADMIN
    }

    private final byte[] dataPlane;
    private final byte[] admin;

    public CellTokens(CellConfig config) {
        this.dataPlane = bearer(config.dataToken());
        this.admin = bearer(config.adminToken());
    }

    /** The role of the header's token, compared in constant time; empty for a missing or unknown token. */
    public Optional<Role> roleOf(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        byte[] presented = authorization.getBytes(StandardCharsets.UTF_8);
        boolean isAdmin = MessageDigest.isEqual(admin, presented);
        boolean isDataPlane = MessageDigest.isEqual(dataPlane, presented);
        return isAdmin ? Optional.of(Role.ADMIN) : isDataPlane ? Optional.of(Role.DATA_PLANE) : Optional.empty();
    }

    private static byte[] bearer(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }
}
