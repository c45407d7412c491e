package io.shapes.control;

import java.time.Instant;

import io.shapes.core.BucketRange;

/**
 * A split as persisted: what moves where, how far it got, and what it measured ({@code fencedAt}: when it fenced
 * its source, null before).
 */
public record Split(long id, String source, String target, BucketRange range, SplitPhase phase, long copiedThrough,
        long rowsCopied, Long writePauseMs, Long mapVersion, Instant startedAt, Instant updatedAt, Instant fencedAt) {
}
