package io.shapes.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.core.error.ShapesException;
import io.shapes.snapshot.ApiKeys;
import io.shapes.snapshot.KeyIndex;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. Keys are looked up by their SHA-256 hash in the
 * snapshot (never one lookup per request against the store); the admin token is compared in constant time.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";
    private final byte[] adminToken;

    public Authenticator(String adminToken) {
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public Caller authenticate(String authorization, KeyIndex keys) {
        if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() > 512) {
            throw unauthenticated("send Authorization: Bearer <api key>");
        }
        String presented = authorization.substring(BEARER.length()).trim();
        if (MessageDigest.isEqual(adminToken, presented.getBytes(StandardCharsets.UTF_8))) {
            return new Caller.Admin();
        }
        return keys.entryOf(ApiKeys.digest(presented)).<Caller>map(entry -> new Caller.Tenant(entry.tenant(),
                entry.placement()))
                .orElseThrow(() -> unauthenticated("unknown or revoked API key"));
    }

    /** A tenant's key may only be used on that tenant's paths. */
    public static void requireTenant(Caller caller, String tenant) {
        if (!(caller instanceof Caller.Tenant t) || !t.name().equals(tenant)) {
            throw new ShapesException(ErrorCode.FORBIDDEN, "this key may not act for tenant " + tenant);
        }
    }

    public static void requireAdmin(Caller caller) {
        if (!(caller instanceof Caller.Admin)) {
            throw new ShapesException(ErrorCode.FORBIDDEN, "admin calls need the admin token");
        }
    }

    private static ShapesException unauthenticated(String detail) {
        return new ShapesException(Problem.of(ErrorCode.UNAUTHENTICATED, detail));
    }
}
