package io.shapes.snapshot;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.shapes.core.Json;
import io.shapes.core.Names;
import io.shapes.core.map.RoutingMap;

/**
 * Reads a publication segment by segment and checks every one against the hash the manifest names it by. It keeps
 * the segments of the last publication it read, decoded, so that the next read fetches only segments whose hash is
 * new (one key segment for one new tenant).
 */
public final class PublicationReader {
    private Map<String, Object> held = Map.of();

    /** Where segment bytes come from (a static file server, a directory). */
    @FunctionalInterface
    public interface Segments {
        byte[] fetch(String hash) throws IOException;
    }

    /** A read publication and the segments that had to be fetched for it (to keep a copy of). */
    public record Result(Publication publication, Map<String, byte[]> fetched) {
    }

    /**
     * Reads the publication {@code manifest} describes. Nothing is kept unless every segment arrives and passes its
     * checks; then its segments are the ones held for the next read.
     *
     * @throws InvalidPublicationException if a segment is corrupt, truncated or not what the manifest says
     * @throws IOException if a segment cannot be fetched
     */
    public Result read(Manifest manifest, Segments source) throws IOException {
        Map<String, Object> decoded = new HashMap<>();
        Map<String, byte[]> fetched = new LinkedHashMap<>();
        RoutingMap map = segment(manifest.map(), source, decoded, fetched, PublicationReader::decodeMap);
        if (map.version() != manifest.mapVersion()) {
            throw new InvalidPublicationException("the map segment holds version " + map.version() + ", the manifest"
                    + " says " + manifest.mapVersion());
        }
        Map<String, Integer> limits = segment(manifest.limits(), source, decoded, fetched,
                PublicationReader::decodeLimits);
        List<String> keySegments = manifest.keys();
        KeyShard[] shards = new KeyShard[keySegments.size()];
        for (int i = 0; i < shards.length; i++) {
            int index = i;
            shards[i] = segment(keySegments.get(i), source, decoded, fetched,
                    bytes -> KeyShard.decode(bytes, manifest.keyShardBits(), index));
        }
        KeyIndex keys = new KeyIndex(manifest.keyShardBits(), List.of(shards));
        if (keys.size() != manifest.keyCount()) {
            throw new InvalidPublicationException("the key segments hold " + keys.size() + " keys, the manifest says "
                    + manifest.keyCount());
        }
        held = decoded;
        return new Result(new Publication(manifest, map, limits, keys), fetched);
    }

    private interface Decoder<T> {
        T decode(byte[] bytes);
    }

    private <T> T segment(String hash, Segments source, Map<String, Object> decoded, Map<String, byte[]> fetched,
            Decoder<T> decoder) throws IOException {
        @SuppressWarnings("unchecked")
        T known = (T) held.get(hash);
        if (known == null) {
            byte[] bytes = source.fetch(hash);
            if (!Checksums.sha256Hex(bytes).equals(hash)) {
                throw new InvalidPublicationException("segment " + hash + " does not match its checksum ("
                        + bytes.length + " bytes)");
            }
            known = decoder.decode(bytes);
            fetched.put(hash, bytes);
        }
        decoded.put(hash, known);
        return known;
    }

    private static RoutingMap decodeMap(byte[] bytes) {
        try {
            return Json.read(bytes, RoutingMap.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidPublicationException("the map segment is not a valid map: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> decodeLimits(byte[] bytes) {
        Map<String, Integer> limits;
        try {
            limits = Json.MAPPER.readValue(bytes, new TypeReference<Map<String, Integer>>() {
            });
        } catch (IOException | RuntimeException e) {
            throw new InvalidPublicationException("the limits segment is not valid: " + e.getMessage(), e);
        }
        limits.forEach((tenant, rate) -> {
            if (!Names.isTenant(tenant) || rate == null || rate <= 0) {
                throw new InvalidPublicationException("the limits segment holds an invalid limit for '" + tenant + "'");
            }
        });
        return limits;
    }
}
