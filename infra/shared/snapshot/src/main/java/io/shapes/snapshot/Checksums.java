package io.shapes.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one checksum of the publication: segments are named by theirs, the manifest carries its own. */
public final class Checksums {
    private Checksums() {
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Lowercase hex SHA-256: a segment's name. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** Whether {@code value} can be a segment's name (64 lowercase hex digits), so that no other path is ever asked for. */
    public static boolean isSha256Hex(String value) {
        return value != null && value.length() == 64 && value.chars().allMatch(c -> c >= '0' && c <= '9'
                || c >= 'a' && c <= 'f');
    }
}
