package io.shapes.core;

import java.util.regex.Pattern;

/** The naming rules of API.md ("Names"), in one place. Each check throws with a message a client can act on. */
public final class Names {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CELL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private Names() {
    }

    public static boolean isTenant(String name) {
        return name != null && TENANT.matcher(name).matches();
    }

    public static String requireTenant(String name) {
        if (!isTenant(name)) {
            throw new IllegalArgumentException(
                    "tenant must match ^[a-z0-9][a-z0-9-]{0,62}$ (lowercase letters, digits, '-')");
        }
        return name;
    }

    public static String requireCellName(String name) {
        if (name == null || !CELL.matcher(name).matches()) {
            throw new IllegalArgumentException("cell name must match ^[a-z0-9][a-z0-9-]{0,62}$");
        }
        return name;
    }

    /** Idempotency-Key: 1–128 printable ASCII characters, no spaces. */
    public static boolean isIdempotencyKey(String key) {
        return key != null && IDEMPOTENCY_KEY.matcher(key).matches();
    }

    public static String requireIdempotencyKey(String key) {
        if (!isIdempotencyKey(key)) {
            throw new IllegalArgumentException("Idempotency-Key must be 1-128 printable ASCII characters");
        }
        return key;
    }
}
