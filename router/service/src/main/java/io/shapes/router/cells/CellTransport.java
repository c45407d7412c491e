package io.shapes.router.cells;

import java.net.URI;

import io.smallrye.mutiny.Uni;

/** Sends one call to one cell and returns its answer, whatever the status; fails only when no answer came. */
public interface CellTransport {
    Uni<CellResponse> send(URI cell, CellCall call);
}
