package io.shapes.cellmanager;

import io.shapes.control.ControlStore;
import io.shapes.core.map.RoutingMap;

/** The newest map version in the control store, for commands that act on it. */
final class NewestMap {
    private NewestMap() {
    }

    static RoutingMap of(ControlStore store) {
        return store.maps().latest().orElseThrow(() -> new IllegalStateException("the control store is not initialised"));
    }
}
