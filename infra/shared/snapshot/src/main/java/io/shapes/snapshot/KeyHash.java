package io.shapes.snapshot;

import java.util.Arrays;
import java.util.HexFormat;

/** A key's SHA-256 truncated to {@value KeyShard#HASH_BYTES} bytes: what the publication carries for each key. */
public record KeyHash(long high, long low) implements Comparable<KeyHash> {

    /** From a stored hash (64 hex digits, {@link ApiKeys#hash}). */
    public static KeyHash ofHex(String sha256Hex) {
        return of(HexFormat.of().parseHex(sha256Hex, 0, 2 * KeyShard.HASH_BYTES), 0);
    }

    /** From {@value KeyShard#HASH_BYTES} bytes of {@code bytes} at {@code offset}. */
    public static KeyHash of(byte[] bytes, int offset) {
        return new KeyHash(longAt(bytes, offset), longAt(bytes, offset + 8));
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[offset + i] & 0xff;
        }
        return value;
    }

    /** The shard of {@code 2^bits} that this hash belongs to: its first {@code bits} bits. */
    public int shard(int bits) {
        return bits == 0 ? 0 : (int) (high >>> (64 - bits));
    }

    public byte[] bytes() {
        byte[] bytes = new byte[KeyShard.HASH_BYTES];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public int compareTo(KeyHash other) {
        int order = Long.compareUnsigned(high, other.high);
        return order != 0 ? order : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(Arrays.copyOf(bytes(), 6)) + "…";
    }
}
