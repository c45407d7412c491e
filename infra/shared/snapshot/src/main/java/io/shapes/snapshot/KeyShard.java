package io.shapes.snapshot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import io.shapes.core.Names;
import io.shapes.core.Placement;

/**
 * One segment of key hashes: the active keys whose hash starts with this shard's bits, each as its hash truncated
 * to {@value #HASH_BYTES} bytes with its tenant and the tenant's placement, sorted by hash. Held in memory in its
 * encoded form (a few dozen bytes per key) and searched in place.
 *
 * <p>Encoding: {@code "SHK2"}, shard bits (1 byte), shard index (int), count (int), then per key its
 * {@value #HASH_BYTES} hash bytes, the tenant name's length (1 byte), the name (ASCII), the placement's width
 * (unsigned short) and its buckets (unsigned short each, in order).
 */
public final class KeyShard {
    public static final int HASH_BYTES = 16;
    private static final byte[] MAGIC = "SHK2".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 1 + 4 + 4;
    private final byte[] bytes;
    private final int[] offsets;

    private KeyShard(byte[] bytes, int[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
    }

    /** Encodes {@code keys} (truncated hash → its entry, every hash in this shard). */
    public static byte[] encode(int bits, int index, SortedMap<KeyHash, KeyEntry> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + keys.size() * 32);
        out.writeBytes(MAGIC);
        out.write(bits);
        out.writeBytes(ByteBuffer.allocate(8).putInt(index).putInt(keys.size()).array());
        for (Map.Entry<KeyHash, KeyEntry> key : keys.entrySet()) {
            if (key.getKey().shard(bits) != index) {
                throw new IllegalArgumentException("key hash " + key.getKey() + " is not in shard " + index);
            }
            byte[] name = key.getValue().tenant().getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(key.getKey().bytes());
            out.write(name.length);
            out.writeBytes(name);
            Placement placement = key.getValue().placement();
            ByteBuffer buckets = ByteBuffer.allocate(2 + 2 * placement.width()).putShort((short) placement.width());
            placement.buckets().forEach(bucket -> buckets.putShort((short) bucket.intValue()));
            out.writeBytes(buckets.array());
        }
        return out.toByteArray();
    }

    /**
     * Decodes and checks a segment that the manifest lists as shard {@code index} of {@code bits}: its header, that
     * every hash belongs to the shard, strictly ascending, every tenant a valid name, nothing after the last key.
     */
    public static KeyShard decode(byte[] bytes, int bits, int index) {
        if (bytes.length < HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new InvalidPublicationException("key segment " + index + " has no valid header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.position(MAGIC.length);
        int segmentBits = buffer.get();
        int segmentIndex = buffer.getInt();
        int count = buffer.getInt();
        if (segmentBits != bits || segmentIndex != index || count < 0 || count > bytes.length / (HASH_BYTES + 6)) {
            throw new InvalidPublicationException("key segment " + index + " is shard " + segmentIndex + " of "
                    + segmentBits + " bits with " + count + " keys, not shard " + index + " of " + bits);
        }
        int[] offsets = new int[count];
        int position = HEADER;
        for (int i = 0; i < count; i++) {
            if (position + HASH_BYTES + 1 > bytes.length) {
                throw new InvalidPublicationException("key segment " + index + " is truncated");
            }
            offsets[i] = position;
            KeyHash hash = KeyHash.of(bytes, position);
            if (hash.shard(bits) != index || i > 0 && KeyHash.of(bytes, offsets[i - 1]).compareTo(hash) >= 0) {
                throw new InvalidPublicationException("key segment " + index + " is out of order or holds a key"
                        + " of another shard");
            }
            int length = bytes[position + HASH_BYTES] & 0xff;
            int name = position + HASH_BYTES + 1;
            if (name + length > bytes.length
                    || !Names.isTenant(new String(bytes, name, length, StandardCharsets.US_ASCII))) {
                throw new InvalidPublicationException("key segment " + index + " holds an invalid tenant name");
            }
            position = name + length;
            if (position + 2 > bytes.length) {
                throw new InvalidPublicationException("key segment " + index + " is truncated");
            }
            int width = Short.toUnsignedInt(buffer.getShort(position));
            if (width < 1 || width > Placement.MAX_WIDTH || position + 2 + 2 * width > bytes.length) {
                throw new InvalidPublicationException("key segment " + index + " holds a placement of width " + width);
            }
            try {
                placementAt(bytes, position);
            } catch (IllegalArgumentException e) {
                throw new InvalidPublicationException("key segment " + index + " holds an invalid placement: "
                        + e.getMessage());
            }
            position += 2 + 2 * width;
        }
        if (position != bytes.length) {
            throw new InvalidPublicationException("key segment " + index + " has bytes after its last key");
        }
        return new KeyShard(bytes, offsets);
    }

    /** The entry of the key whose SHA-256 is {@code digest}, if the shard holds it. */
    public Optional<KeyEntry> entryOf(byte[] digest) {
        int low = 0;
        int high = offsets.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int at = offsets[middle];
            int order = Arrays.compareUnsigned(bytes, at, at + HASH_BYTES, digest, 0, HASH_BYTES);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                int length = bytes[at + HASH_BYTES] & 0xff;
                String tenant = new String(bytes, at + HASH_BYTES + 1, length, StandardCharsets.US_ASCII);
                return Optional.of(new KeyEntry(tenant, placementAt(bytes, at + HASH_BYTES + 1 + length)));
            }
        }
        return Optional.empty();
    }

    private static Placement placementAt(byte[] bytes, int position) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int width = Short.toUnsignedInt(buffer.getShort(position));
        Integer[] buckets = new Integer[width];
        for (int i = 0; i < width; i++) {
            buckets[i] = Short.toUnsignedInt(buffer.getShort(position + 2 + 2 * i));
        }
        return new Placement(Arrays.asList(buckets));
    }

    public int size() {
        return offsets.length;
    }
}
