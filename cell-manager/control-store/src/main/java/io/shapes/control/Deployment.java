package io.shapes.control;

import io.shapes.core.Placement;
import io.shapes.core.Scheme;

/**
 * What {@code init} fixed for the whole deployment: the scheme, the standard cell size, and the shard size (the width
 * of a new tenant's placement, DESIGN.md "Placement width").
 */
public record Deployment(Scheme scheme, long cellCapacity, int shardSize) {
    /** Width 2: a tenant survives one of its cells failing, and shares all of its cells with few others. */
    public static final int DEFAULT_SHARD_SIZE = 2;

    public Deployment {
        requireShardSize(shardSize);
    }

    /** Throws, quoting the value, unless {@code shardSize} is a width a placement can have. */
    public static int requireShardSize(int shardSize) {
        if (shardSize < 1 || shardSize > Placement.MAX_WIDTH) {
            throw new IllegalArgumentException("the shard size is 1 to " + Placement.MAX_WIDTH + ", not " + shardSize);
        }
        return shardSize;
    }
}
