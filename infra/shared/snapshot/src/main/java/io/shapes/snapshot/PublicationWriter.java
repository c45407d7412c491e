package io.shapes.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.shapes.core.Json;
import io.shapes.core.map.RoutingMap;

/**
 * Writes publications into a {@link PublicationDirectory}: new segments first, then the manifest that names them.
 * Segments of the previous manifest stay until the next one, so a router that has just read the previous manifest
 * still finds what it names.
 */
public final class PublicationWriter {
    private final PublicationDirectory dir;
    private List<String> previous = List.of();
    private long version;

    public PublicationWriter(PublicationDirectory dir) throws IOException {
        this.dir = dir;
        this.version = dir.manifest().map(bytes -> {
            try {
                Manifest manifest = Manifest.parse(bytes);
                previous = manifest.segments();
                return manifest.version();
            } catch (InvalidPublicationException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    /** The number of the last publication written (0 before the first). */
    public long version() {
        return version;
    }

    /**
     * Publishes a snapshot of {@code map}, {@code rateLimits} and the encoded key segments ({@link KeyShard#encode})
     * as the next version, and returns its manifest.
     */
    public Manifest publish(RoutingMap map, Map<String, Integer> rateLimits, int keyShardBits, List<byte[]> keySegments,
            long keyCount) throws IOException {
        String mapHash = write(Json.write(map).getBytes(StandardCharsets.UTF_8));
        String limitsHash = write(Json.write(new TreeMap<>(rateLimits)).getBytes(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>(keySegments.size());
        for (byte[] segment : keySegments) {
            keys.add(write(segment));
        }
        Manifest manifest = Manifest.of(version + 1, Instant.now().toString(), map.version(), mapHash, limitsHash,
                keyShardBits, keys, keyCount);
        dir.writeManifest(manifest);
        version = manifest.version();
        Set<String> keep = new HashSet<>(manifest.segments());
        keep.addAll(previous);
        dir.retainOnly(keep);
        previous = manifest.segments();
        return manifest;
    }

    private String write(byte[] segment) throws IOException {
        String hash = Checksums.sha256Hex(segment);
        if (!dir.hasSegment(hash)) {
            dir.writeSegment(hash, segment);
        }
        return hash;
    }
}
