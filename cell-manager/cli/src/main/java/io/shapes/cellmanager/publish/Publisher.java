package io.shapes.cellmanager.publish;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.shapes.control.ControlStore;
import io.shapes.control.Tenants;
import io.shapes.core.map.RoutingMap;
import io.shapes.snapshot.Manifest;
import io.shapes.snapshot.PublicationWriter;

/**
 * Publishes the routing snapshot from the control store: the map, the rate limits and every active key hash. The
 * first look reads every active key; later looks read the small tables whole and only the keys changed since a
 * little before the last look, so that a look costs the same with ten tenants or a million. A new publication is
 * written only when something changed.
 */
public final class Publisher {
    /**
     * How far back each look reads key changes again. A key's change is stamped when its transaction starts, so a
     * transaction still open at the last look is seen by the next as long as it took less than this.
     */
    static final Duration OVERLAP = Duration.ofSeconds(10);
    private final ControlStore store;
    private final PublicationWriter writer;
    private KeyTable keys;
    private Instant since;
    private RoutingMap map;
    private Map<String, Integer> limits;
    /** Whether the publication misses a change (none written yet, or the last write failed). */
    private boolean behind = true;

    public Publisher(ControlStore store, PublicationWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** One look at the control store; the manifest written if anything changed since the last publication. */
    public Optional<Manifest> publishOnce() throws IOException {
        RoutingMap latestMap = store.maps().latest().orElseThrow(() -> new IllegalStateException(
                "the control store has no map: run 'cell-manager init' first"));
        Map<String, Integer> latestLimits = store.tenants().rateLimitOverrides();
        Tenants.KeyChanges changes = store.tenants().keyChangesSince(since == null ? null : since.minus(OVERLAP));
        if (keys == null) {
            keys = new KeyTable(changes.changes());
        } else {
            changes.changes().forEach(keys::apply);
        }
        since = changes.readAt();
        behind |= keys.hasChanges() || !latestMap.equals(map) || !latestLimits.equals(limits);
        map = latestMap;
        limits = latestLimits;
        if (!behind) {
            return Optional.empty();
        }
        Manifest manifest = writer.publish(map, limits, keys.bits(), keys.segments(), keys.size());
        behind = false;
        return Optional.of(manifest);
    }
}
