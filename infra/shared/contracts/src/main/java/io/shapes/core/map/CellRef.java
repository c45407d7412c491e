package io.shapes.core.map;

import java.net.URI;
import java.util.Objects;

import io.shapes.core.Names;

/** A cell as the routing map knows it: its name, the base URL of its internal API and its state. */
public record CellRef(String name, URI url, CellState state) {
    public CellRef {
        Names.requireCellName(name);
        Objects.requireNonNull(url, "cell url");
        Objects.requireNonNull(state, "cell state");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("cell '" + name + "' has URL '" + url + "'; expected http(s)://host:port");
        }
    }
}
