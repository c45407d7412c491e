package io.shapes.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: 256 random bits, shown once as {@code shp_<base64url>}; stored and compared only as SHA-256 hashes.
 * A fast hash is enough because keys are random and long, not chosen by people.
 */
public final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "shp_";
    /** A key's public name: the first hex digits of its hash (48 bits), enough to tell a tenant's keys apart. */
    public static final int KEY_ID_LENGTH = 12;

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The id of the key with {@code hash}: what operators name it by, never the key itself. */
    public static String keyId(String hash) {
        return hash.substring(0, KEY_ID_LENGTH);
    }

    public static boolean isKeyId(String value) {
        return value != null && value.matches("[0-9a-f]{" + KEY_ID_LENGTH + "}");
    }

    /** The stored form of a key: lowercase hex SHA-256 of its UTF-8 bytes. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    /** SHA-256 of the key's UTF-8 bytes: what a router looks a presented key up by. */
    public static byte[] digest(String key) {
        return Checksums.sha256(key.getBytes(StandardCharsets.UTF_8));
    }
}
