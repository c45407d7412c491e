package io.shapes.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.core.Placement;
import io.shapes.core.Scheme;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;

class PublicationTest {
    private static final RoutingMap MAP = new RoutingMap(3, Scheme.TENANT,
            List.of(new CellRef("cell-1", java.net.URI.create("http://127.0.0.1:1"), io.shapes.core.map.CellState.ACTIVE), new CellRef("cell-2", java.net.URI.create("http://127.0.0.1:2"), io.shapes.core.map.CellState.ACTIVE)),
            List.of(new RangeAssignment(0, 8192, "cell-1"), new RangeAssignment(8192, 16384, "cell-2")));

    @TempDir
    Path dir;

    @Test
    void aPublicationReadsBackWithEveryKeyFoundAndNoOtherKey() throws IOException {
        List<String> keys = keys(10_000);
        Manifest manifest = publish(keys);
        assertEquals(2, manifest.keyShardBits(), "10,000 keys in shards of at most 4,096");
        PublicationReader.Result result = new PublicationReader().read(manifest, this::fromDir);
        Publication publication = result.publication();
        assertEquals(MAP, publication.map());
        assertEquals(Map.of("tenant-7", 50), publication.rateLimits());
        assertEquals(10_000, publication.keys().size());
        for (int i = 0; i < keys.size(); i += 97) {
            assertEquals(Optional.of("tenant-" + i), publication.keys().tenantOf(ApiKeys.digest(keys.get(i))));
        }
        assertEquals(Optional.empty(), publication.keys().tenantOf(ApiKeys.digest("shp_unknown")));
    }

    @Test
    void oneNewKeyChangesOneKeySegmentAndOnlyThatOneIsFetchedAgain() throws IOException {
        List<String> keys = keys(10_000);
        Manifest first = publish(keys);
        PublicationReader reader = new PublicationReader();
        reader.read(first, this::fromDir);
        keys.add("shp_one-more");
        Manifest second = publish(keys);
        PublicationReader.Result again = reader.read(second, this::fromDir);
        assertEquals(1, again.fetched().size(), "only the changed key segment: " + again.fetched().keySet());
        assertEquals(Optional.of("tenant-10000"), again.publication().keys().tenantOf(ApiKeys.digest("shp_one-more")));
        assertEquals(first.version() + 1, second.version());
    }

    @Test
    void aTamperedOrTruncatedSegmentIsRefused() throws IOException {
        Manifest manifest = publish(keys(100));
        Path segment = dir.resolve("segments").resolve(manifest.keys().get(0));
        byte[] good = Files.readAllBytes(segment);
        byte[] tampered = good.clone();
        tampered[tampered.length - 1] ^= 1;
        Files.write(segment, tampered);
        assertThrows(InvalidPublicationException.class, () -> new PublicationReader().read(manifest, this::fromDir));
        Files.write(segment, java.util.Arrays.copyOf(good, good.length / 2));
        assertThrows(InvalidPublicationException.class, () -> new PublicationReader().read(manifest, this::fromDir));
        Files.write(segment, good);
        assertEquals(100, new PublicationReader().read(manifest, this::fromDir).publication().keys().size());
    }

    @Test
    void aSegmentThatMatchesItsHashButBreaksTheFormatIsRefused() {
        TreeMap<KeyHash, KeyEntry> keys = new TreeMap<>();
        keys.put(KeyHash.ofHex(ApiKeys.hash("shp_a")), new KeyEntry("acme", new Placement(List.of(7, 16383))));
        byte[] encoded = KeyShard.encode(0, 0, keys);
        assertEquals(java.util.Optional.of(new KeyEntry("acme", new Placement(List.of(7, 16383)))),
                KeyShard.decode(encoded, 0, 0).entryOf(ApiKeys.digest("shp_a")));
        byte[] badName = encoded.clone();
        badName[13 + KeyShard.HASH_BYTES + 1] = '/';
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(badName, 0, 0));
        byte[] badBucket = encoded.clone();
        badBucket[badBucket.length - 2] = (byte) 0xff;
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(badBucket, 0, 0), "bucket out of range");
        byte[] repeated = encoded.clone();
        repeated[repeated.length - 2] = 0;
        repeated[repeated.length - 1] = 7;
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(repeated, 0, 0), "a bucket twice");
        byte[] wider = encoded.clone();
        wider[wider.length - 5] = 3;
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(wider, 0, 0), "width past the end");
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(encoded, 1, 0), "another shard");
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(InvalidPublicationException.class, () -> KeyShard.decode(longer, 0, 0));
    }

    @Test
    void aManifestWhoseChecksumDoesNotMatchItsContentIsRefused() throws IOException {
        Manifest manifest = publish(keys(10));
        String text = new String(manifest.toBytes(), StandardCharsets.UTF_8);
        assertEquals(manifest, Manifest.parse(text.getBytes(StandardCharsets.UTF_8)));
        String forged = text.replace("\"keyCount\":10", "\"keyCount\":11");
        assertThrows(InvalidPublicationException.class, () -> Manifest.parse(forged.getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidPublicationException.class,
                () -> Manifest.parse(text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8)));
        String otherPath = text.replace(manifest.map(), "../../etc/passwd");
        assertThrows(InvalidPublicationException.class, () -> Manifest.parse(otherPath.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theWriterKeepsThePreviousManifestsSegmentsAndDropsOlderOnes() throws IOException {
        Manifest first = publish(keys(10));
        publish(keys(11));
        assertTrue(Files.exists(dir.resolve("segments").resolve(first.keys().get(0))), "kept for readers of it");
        publish(keys(12));
        assertTrue(Files.notExists(dir.resolve("segments").resolve(first.keys().get(0))));
    }

    private byte[] fromDir(String hash) throws IOException {
        return new PublicationDirectory(dir, true).segment(hash).orElseThrow(() -> new IOException("no " + hash));
    }

    private Manifest publish(List<String> keys) throws IOException {
        int bits = KeyIndex.bitsFor(keys.size());
        List<TreeMap<KeyHash, KeyEntry>> shards = new ArrayList<>();
        for (int i = 0; i < 1 << bits; i++) {
            shards.add(new TreeMap<>());
        }
        for (int i = 0; i < keys.size(); i++) {
            KeyHash hash = KeyHash.ofHex(ApiKeys.hash(keys.get(i)));
            shards.get(hash.shard(bits)).put(hash, KeyEntry.of("tenant-" + i));
        }
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            segments.add(KeyShard.encode(bits, i, shards.get(i)));
        }
        return new PublicationWriter(new PublicationDirectory(dir, true)).publish(MAP, Map.of("tenant-7", 50), bits,
                segments, keys.size());
    }

    private static List<String> keys(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("shp_key-" + i);
        }
        return keys;
    }
}
