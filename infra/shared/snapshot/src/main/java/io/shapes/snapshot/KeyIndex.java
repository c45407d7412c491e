package io.shapes.snapshot;

import java.util.List;
import java.util.Optional;

/** Every active key of a snapshot, in {@code 2^bits} shards by the first bits of its hash. */
public final class KeyIndex {
    /** Shards are made smaller than this many keys, so that a new key re-publishes a small segment only. */
    public static final int SHARD_TARGET = 4096;
    /** At most {@code 2^MAX_BITS} shards (about 67 million keys at the target size). */
    public static final int MAX_BITS = 14;
    private final int bits;
    private final List<KeyShard> shards;
    private final long size;

    public KeyIndex(int bits, List<KeyShard> shards) {
        if (bits < 0 || bits > MAX_BITS || shards.size() != 1 << bits) {
            throw new InvalidPublicationException(shards.size() + " key segments for " + bits + " shard bits");
        }
        this.bits = bits;
        this.shards = List.copyOf(shards);
        this.size = this.shards.stream().mapToLong(KeyShard::size).sum();
    }

    /** No key at all. */
    public static KeyIndex empty() {
        return new KeyIndex(0, List.of(KeyShard.decode(KeyShard.encode(0, 0, new java.util.TreeMap<>()), 0, 0)));
    }

    /** The shard bits that keep {@code keys} keys under {@link #SHARD_TARGET} per shard. */
    public static int bitsFor(long keys) {
        int bits = 0;
        while (bits < MAX_BITS && keys > (long) SHARD_TARGET << bits) {
            bits++;
        }
        return bits;
    }

    /** The entry of the key with SHA-256 {@code digest} ({@link ApiKeys#digest}), if the key is active. */
    public Optional<KeyEntry> entryOf(byte[] digest) {
        return shards.get(KeyHash.of(digest, 0).shard(bits)).entryOf(digest);
    }

    /** The tenant of the key with SHA-256 {@code digest}, if the key is active. */
    public Optional<String> tenantOf(byte[] digest) {
        return entryOf(digest).map(KeyEntry::tenant);
    }

    public long size() {
        return size;
    }
}
