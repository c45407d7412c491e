package io.shapes.deployment;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The two tokens of a deployment's cells: the data-plane token (routers: put, get, count) and the admin token
 * (cell-manager: ownership, import, the change feed, delete). A stolen router token can neither export nor fence
 * nor delete.
 */
public record CellTokens(String dataToken, String adminToken) {
    @Override
    public String toString() {
        return "CellTokens[hidden]";
    }

    /** Two new random tokens. */
    public static CellTokens random() {
        return new CellTokens(randomToken(), randomToken());
    }

    /** 24 random bytes, base64url: 32 characters, the shortest a service accepts. */
    static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
