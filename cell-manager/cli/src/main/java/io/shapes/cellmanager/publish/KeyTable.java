package io.shapes.cellmanager.publish;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

import io.shapes.control.Tenants;
import io.shapes.snapshot.KeyEntry;
import io.shapes.snapshot.KeyHash;
import io.shapes.snapshot.KeyIndex;
import io.shapes.snapshot.KeyShard;

/**
 * The publisher's copy of every active key with its tenant and placement, in the shards the publication carries them in. Changes mark their shard,
 * and only marked shards are encoded again: one new tenant re-publishes one segment of a few thousand keys.
 * Shards double when they grow past {@link KeyIndex#SHARD_TARGET}; they never shrink, so segments stay stable.
 */
final class KeyTable {
    private int bits;
    private List<TreeMap<KeyHash, KeyEntry>> shards;
    private final List<byte[]> encoded = new ArrayList<>();
    private final BitSet changed = new BitSet();
    private long size;

    KeyTable(List<Tenants.KeyChange> active) {
        bits = KeyIndex.bitsFor(active.size());
        shards = emptyShards(bits);
        active.forEach(this::apply);
        changed.set(0, 1 << bits);
    }

    /** Applies one change; returns whether it changed the table. */
    boolean apply(Tenants.KeyChange change) {
        KeyHash hash = KeyHash.ofHex(change.keyHash());
        int shard = hash.shard(bits);
        TreeMap<KeyHash, KeyEntry> keys = shards.get(shard);
        KeyEntry entry = new KeyEntry(change.tenant(), change.placement());
        KeyEntry before = change.active() ? keys.put(hash, entry) : keys.remove(hash);
        boolean different = change.active() ? !entry.equals(before) : before != null;
        if (different) {
            size += change.active() ? (before == null ? 1 : 0) : -1;
            changed.set(shard);
            if (size > (long) KeyIndex.SHARD_TARGET << bits && bits < KeyIndex.MAX_BITS) {
                grow();
            }
        }
        return different;
    }

    boolean hasChanges() {
        return !changed.isEmpty();
    }

    int bits() {
        return bits;
    }

    long size() {
        return size;
    }

    /** The encoded segments, shard 0 first; shards changed since the last call are encoded again. */
    List<byte[]> segments() {
        while (encoded.size() < shards.size()) {
            encoded.add(null);
        }
        while (encoded.size() > shards.size()) {
            encoded.remove(encoded.size() - 1);
        }
        changed.stream().forEach(i -> encoded.set(i, KeyShard.encode(bits, i, shards.get(i))));
        changed.clear();
        return List.copyOf(encoded);
    }

    private void grow() {
        List<TreeMap<KeyHash, KeyEntry>> old = shards;
        bits++;
        shards = emptyShards(bits);
        old.forEach(keys -> keys.forEach((hash, entry) -> shards.get(hash.shard(bits)).put(hash, entry)));
        changed.set(0, 1 << bits);
    }

    private static List<TreeMap<KeyHash, KeyEntry>> emptyShards(int bits) {
        List<TreeMap<KeyHash, KeyEntry>> shards = new ArrayList<>(1 << bits);
        for (int i = 0; i < 1 << bits; i++) {
            shards.add(new TreeMap<>());
        }
        return shards;
    }
}
