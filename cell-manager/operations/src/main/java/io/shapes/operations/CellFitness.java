package io.shapes.operations;

import io.shapes.control.Deployment;
import io.shapes.core.cellapi.CellInfo;

/** Which cells may join a deployment: empty, named as registered, of the standard size and the deployment's scheme. */
public final class CellFitness {
    private CellFitness() {
    }

    /** Throws, naming the reason, unless the cell that answered {@code info} at {@code url} may join as {@code name}. */
    public static void refuseUnfit(String name, String url, CellInfo info, Deployment deployment) {
        if (!info.name().equals(name)) {
            throw new IllegalStateException("the cell at " + url + " is configured as " + info.name() + ", not " + name);
        }
        if (info.shapes() != 0 || !info.ranges().isEmpty()) {
            throw new IllegalStateException("cell " + name + " is not empty (" + info.shapes() + " shapes, "
                    + info.ranges().size() + " ranges held): only empty cells join");
        }
        if (info.capacity() != deployment.cellCapacity()) {
            throw new IllegalStateException("cell " + name + " holds " + info.capacity() + " shapes, the standard cell "
                    + deployment.cellCapacity() + ": cells are identical");
        }
        if (info.scheme() != deployment.scheme()) {
            throw new IllegalStateException("cell " + name + " runs scheme " + info.scheme().wireName()
                    + ", the deployment " + deployment.scheme().wireName());
        }
    }
}
