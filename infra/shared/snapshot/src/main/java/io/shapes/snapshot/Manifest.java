package io.shapes.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.shapes.core.Json;

/**
 * The small document routers fetch every second: which segments make up the snapshot, by their SHA-256, and a
 * checksum over itself. Segments are immutable and named by their hash, so an unchanged hash is never fetched again.
 *
 * @param version     the publication's number, increasing with every change
 * @param mapVersion  the routing map's version inside it (routers never go back to an older map)
 * @param map         the map segment (JSON)
 * @param limits      the per-tenant rate limits segment (JSON)
 * @param keyShardBits the key hashes are in {@code 2^keyShardBits} segments, by the first bits of the hash
 * @param keys        the key segments, shard 0 first
 */
public record Manifest(int format, long version, String publishedAt, long mapVersion, String map, String limits,
        int keyShardBits, List<String> keys, long keyCount, String checksum) {
    public static final int FORMAT = 1;
    public static final String FILE = "manifest.json";
    /** A manifest larger than this is refused unread (2^14 key segments take about 1.1 MB). */
    public static final int MAX_BYTES = 2 << 20;

    public Manifest {
        keys = List.copyOf(keys);
    }

    /** A new manifest with its checksum. */
    public static Manifest of(long version, String publishedAt, long mapVersion, String map, String limits,
            int keyShardBits, List<String> keys, long keyCount) {
        Manifest unsigned = new Manifest(FORMAT, version, publishedAt, mapVersion, map, limits, keyShardBits, keys,
                keyCount, "");
        return new Manifest(FORMAT, version, publishedAt, mapVersion, map, limits, keyShardBits, keys, keyCount,
                unsigned.computedChecksum());
    }

    /** Parses and checks a manifest: its format, its checksum, and that every segment name is a SHA-256. */
    public static Manifest parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidPublicationException("the manifest has " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        Manifest manifest;
        try {
            manifest = Json.read(bytes, Manifest.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidPublicationException("the manifest is not a valid document: " + e.getMessage(), e);
        }
        manifest.verify();
        return manifest;
    }

    private void verify() {
        if (format != FORMAT) {
            throw new InvalidPublicationException("manifest format " + format + " is not " + FORMAT);
        }
        if (!computedChecksum().equals(checksum)) {
            throw new InvalidPublicationException("the manifest's checksum does not match its content");
        }
        if (keyShardBits < 0 || keyShardBits > KeyIndex.MAX_BITS || keys.size() != 1 << keyShardBits) {
            throw new InvalidPublicationException("the manifest lists " + keys.size() + " key segments for "
                    + keyShardBits + " shard bits");
        }
        if (!Checksums.isSha256Hex(map) || !Checksums.isSha256Hex(limits)
                || !keys.stream().allMatch(Checksums::isSha256Hex)) {
            throw new InvalidPublicationException("the manifest names a segment that is not a SHA-256");
        }
    }

    public byte[] toBytes() {
        return Json.write(this).getBytes(StandardCharsets.UTF_8);
    }

    /** Every segment it names. */
    public List<String> segments() {
        List<String> all = new ArrayList<>(keys.size() + 2);
        all.add(map);
        all.add(limits);
        all.addAll(keys);
        return all;
    }

    private String computedChecksum() {
        String content = String.join("\n", "format " + format, "version " + version, "published " + publishedAt,
                "map-version " + mapVersion, "map " + map, "limits " + limits, "key-shard-bits " + keyShardBits,
                "key-count " + keyCount, "keys " + String.join(",", keys));
        return Checksums.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }
}
