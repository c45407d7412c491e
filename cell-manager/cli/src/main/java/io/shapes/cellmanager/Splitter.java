package io.shapes.cellmanager;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.MapVersions;
import io.shapes.control.Split;
import io.shapes.control.SplitPhase;
import io.shapes.core.BucketRange;
import io.shapes.core.cellapi.BucketDifference;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.FencedRange;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.RangeDigest;
import io.shapes.core.cellapi.RangeOwnership;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.ShapeRow;
import io.shapes.core.cellapi.TakenRange;
import io.shapes.core.map.RoutingMap;

/**
 * The online split of DESIGN.md: plan → copy → catch up → fence → verify → switch → clean up. Every phase is
 * persisted in the control store before its work starts, and every step is idempotent, so {@link #run} resumes a
 * split from wherever it stopped; {@link #abort} undoes one that has not switched.
 *
 * <p>Completeness does not rest on change sequences committing in order: catch-up passes re-read an overlap
 * window, and after the fence (no write can land any more) the range's per-bucket sums must match on both sides —
 * if they do not, the whole range is copied again (imports skip rows already there) before the switch. Each cell
 * keeps those sums with every write, so the fenced verify reads 16,384 small vectors at most, never the rows; what
 * makes that enough is checked before the fence, where it costs no pause: each side's kept sums against its rows.
 */
final class Splitter {
    private static final int PAGE = 2000;
    private static final long OVERLAP = 1_000;
    private static final int CATCH_UP_PASSES = 10;
    private static final int SMALL_LAG = 200;
    /** The pause's first two calls, made harmlessly, answer within this when the cells have settled after a copy. */
    private static final long SETTLED_MS = 15;
    /** The longest a split waits for the cells to settle before it fences anyway. */
    private static final long MAX_SETTLE_MS = 15_000;
    private static final long SETTLE_POLL_MS = 250;
    /** How many probes in a row, {@link #SETTLE_POLL_MS} apart, must answer within {@link #SETTLED_MS}. */
    private static final int SETTLED_PROBES = 2;
    private final ControlStore store;
    private final CellAdminClient cells;
    private final Consumer<String> progress;
    private final CrashPoint crash;
    private final RangeVerifier verifier;
    private final java.util.Map<String, URI> urls = new java.util.HashMap<>();
    private final RangeCopier copier;
    /** The progress of the pass inside the pause, recorded after the switch. */
    private RangeCopier.Pass lastPass;
    private RoutingMap preparedMap;
    private long preparedFor = -1;
    /** When this process began the write pause of split {@link #pausedFor}: just before it recorded the fence. */
    private long pauseBegan;
    private long pausedFor = -1;

    /** Test hook: stop the process right after a phase is persisted ({@code SHAPES_SPLIT_CRASH_AFTER=copying}). */
    record CrashPoint(Optional<SplitPhase> after) {
        static CrashPoint fromEnvironment() {
            return new CrashPoint(Optional.ofNullable(System.getenv("SHAPES_SPLIT_CRASH_AFTER")).map(SplitPhase::parse));
        }

        void check(SplitPhase reached) {
            if (after.isPresent() && after.get() == reached) {
                System.err.println("crashing on purpose after phase " + reached.wireName());
                Runtime.getRuntime().halt(3);
            }
        }
    }

    /** The splitter an operator's command runs: progress on stderr, crash injection from the environment. */
    static Splitter forCommand(ControlStore store, CellAdminClient cells) {
        return new Splitter(store, cells, Progress.toStderr(), CrashPoint.fromEnvironment());
    }

    Splitter(ControlStore store, CellAdminClient cells, Consumer<String> progress, CrashPoint crash) {
        this.store = store;
        this.cells = cells;
        this.progress = progress;
        this.crash = crash;
        this.verifier = new RangeVerifier(cells, progress);
        this.copier = new RangeCopier(PAGE, OVERLAP, progress, System::nanoTime);
    }

    /** Plans the split of {@code source}'s largest range in two, the upper half going to the empty cell {@code target}. */
    Split plan(String source, String target) {
        return planMove(source, target, splitRange(source, target));
    }

    /**
     * The range a split of {@code source} into {@code target} would move (the upper half of its largest range),
     * after checking that the split may run; changes nothing.
     */
    BucketRange splitRange(String source, String target) {
        RoutingMap map = latest();
        MoveRules.checkSplit(map, source, target);
        CompletableFuture<CellInfo> sourceInfo = cells.info(url(source));
        CellInfo targetInfo = joined(cells.info(url(target)));
        return MoveRules.splitRange(map, source, target, joined(sourceInfo), targetInfo);
    }

    /**
     * Plans moving {@code range}, which {@code source} holds, to {@code target}, which holds no rows of it (a drain
     * moves whole ranges into cells that already serve others).
     */
    Split planMove(String source, String target, BucketRange range) {
        checkMove(source, target, range);
        Split split = store.splits().create(source, target, range);
        progress.accept("split " + split.id() + ": buckets " + split.range() + " move from " + source + " to " + target);
        crash.check(SplitPhase.PLANNED);
        return split;
    }

    /**
     * Checks that {@code range} may move from {@code source} to {@code target}: the map gives it to the source, the
     * target is another cell of the map and holds no rows of it; changes nothing.
     */
    void checkMove(String source, String target, BucketRange range) {
        MoveRules.checkMove(latest(), source, target, range);
        MoveRules.checkNoStrayRows(target, range, joined(cells.keptSums(url(target), range)).count());
    }

    /** Runs the split from its persisted phase to the end. */
    Split run(Split split) {
        Split current = split;
        while (!current.phase().isFinished()) {
            progress.accept("split " + current.id() + ": phase " + current.phase().wireName());
            switch (current.phase()) {
                case PLANNED -> {
                    cells.setOwnership(url(current.target()), current.range(), OwnershipState.INCOMING, latest().version());
                    current = advance(current, SplitPhase.COPYING, "target holds the range incoming");
                }
                case COPYING -> {
                    copy(current, current.copiedThrough());
                    current = advance(current, SplitPhase.CATCHING_UP, current.rowsCopied() + " rows copied");
                }
                case CATCHING_UP -> {
                    refreshStatistics(current);
                    catchUp(current);
                    checkKeptSums(current);
                    catchUp(current);
                    prepareThePause(current);
                    Split caughtUp = reload(current);
                    beginThePause(caughtUp);
                    current = advance(caughtUp, SplitPhase.FENCED, "lag small, sums true; fencing the source");
                }
                case FENCED -> {
                    StepTimes steps = new StepTimes();
                    if (current.fencedAt() == null) {
                        beginThePause(current);
                        current = store.splits().recordFence(current.id());
                        steps.done("fence time recorded");
                    }
                    boolean targetOwns = false;
                    if (preparedFor != current.id() && switchStarted(current)) {
                        // resumed: the run before verified the range and began the switch, then stopped
                        progress.accept("split " + current.id() + ": the switch had begun; finishing it");
                    } else {
                        targetOwns = fenceAndVerify(current, steps);
                    }
                    current = switched(current, switchOwner(current, targetOwns, steps), steps);
                }
                case VERIFIED -> {
                    StepTimes steps = new StepTimes();
                    current = switched(current, switchOwner(current, false, steps), steps);
                }
                case SWITCHED -> current = advance(current, SplitPhase.CLEANING, "deleting moved rows from the source");
                case CLEANING -> {
                    deleteAll(url(current.source()), current.range());
                    current = advance(current, SplitPhase.DONE, "done");
                }
                case ABORTING -> current = finishAbort(current);
                default -> throw new IllegalStateException("split " + current.id() + " is in phase " + current.phase());
            }
        }
        return current;
    }

    /** Undoes a split that has not switched: the source serves the range again, the target is emptied. */
    Split abort(Split split) {
        if (split.phase() == SplitPhase.ABORTING) {
            return finishAbort(split);
        }
        if (!split.phase().isAbortable()) {
            throw new IllegalStateException("split " + split.id() + " is " + split.phase().wireName()
                    + (split.phase().isFinished() ? "" : ": the target owns the range since the switch")
                    + "; it can no longer be aborted" + (split.phase().isFinished() ? "" : " (resume it instead)"));
        }
        RoutingMap map = latest();
        if (map.cellFor(split.range().from()).orElse("").equals(split.target())) {
            throw new IllegalStateException("split " + split.id() + " published the switch (map version "
                    + map.version() + "); it can no longer be aborted (resume it instead)");
        }
        return finishAbort(advance(split, SplitPhase.ABORTING, "abort requested"));
    }

    private Split finishAbort(Split split) {
        long version = latest().version();
        URI target = url(split.target());
        cells.setOwnership(url(split.source()), split.range(), OwnershipState.OWNED, version);
        boolean targetOwns = cells.ownership(target).join().stream()
                .anyMatch(r -> r.state() == OwnershipState.OWNED && r.range().overlaps(split.range()));
        if (targetOwns) {
            // a switch that stopped half-way: the target took the range but the map never said so
            cells.setOwnership(target, split.range(), OwnershipState.FENCED, version);
        }
        cells.setOwnership(target, split.range(), OwnershipState.NONE, version);
        deleteAll(url(split.target()), split.range());
        return advance(split, SplitPhase.ABORTED, "source serves the range again; target emptied");
    }

    /**
     * Copies the feed of the range after {@code after} into the target ({@link RangeCopier}), recording progress per
     * page; returns how many rows were new on the target (re-read rows of the overlap window are skipped by the
     * import and not counted). The pass inside the write pause is {@link #fenceAndVerify}'s own.
     */
    private long copy(Split split, long after) {
        URI source = url(split.source());
        URI target = url(split.target());
        long estimate = split.phase() == SplitPhase.COPYING ? joined(cells.keptSums(source, split.range())).count() : 0;
        return copier.copy(after, split.copiedThrough(), split.rowsCopied(), estimate,
                (cursor, limit) -> cells.changes(source, split.range(), cursor, limit),
                rows -> cells.importRows(target, rows).inserted(),
                (through, rows) -> store.splits().recordProgress(split.id(), through, rows)).inserted();
    }

    /** Copies what was written since the last pass, a few times, until a pass finds little new. */
    private void catchUp(Split split) {
        for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
            Split before = reload(split);
            if (copy(before, Math.max(0, before.copiedThrough() - OVERLAP)) < SMALL_LAG) {
                return;
            }
        }
    }

    /**
     * After the copy: both cells vacuum and analyze the tables a split fills or empties in bulk (the copy filled the
     * target's; an earlier split may have filled or emptied the source's), so that the catch-up passes and the pause
     * run on plans made for the rows there are now, not for the empty tables the cells warmed up on, and so that
     * autovacuum does not catch up with those bulk changes during the pause.
     */
    private void refreshStatistics(Split split) {
        long begin = System.nanoTime();
        joined(CompletableFuture.allOf(cells.refreshStatistics(url(split.source())),
                cells.refreshStatistics(url(split.target()))));
        progress.accept("split " + split.id() + ": tables vacuumed and analyzed on " + split.source() + " and "
                + split.target() + " (" + (System.nanoTime() - begin) / 1_000_000 + " ms)");
    }

    /**
     * Before the fence: each side's kept sums of the range against its rows (the full read, outside the pause). The
     * fenced verify compares those sums only, so it can trust them after this.
     */
    private void checkKeptSums(Split split) {
        for (String cell : List.of(split.source(), split.target())) {
            RangeVerifier.Outcome outcome = verifier.keptAgainstRows(cell, url(cell), split.range());
            if (!outcome.holds()) {
                throw new IllegalStateException("split " + split.id() + ": " + cell + "'s kept sums of "
                        + split.range() + " differ from its rows " + outcome.where() + "; the source was not fenced: run"
                        + " 'cell verify " + cell + "', then resume or abort");
            }
        }
    }

    /**
     * Inside the pause: the source is fenced and answers, in the same call, the rows written since the last pass and
     * the digest of its kept sums; the target imports those rows and, if its digest is then the source's, owns the
     * range, in the same call too. Two round trips (more only if the rows fill more than a page). Whether the target
     * took the range; if not, the digests differed and {@link #verify} found out why and mended it.
     */
    private boolean fenceAndVerify(Split split, StepTimes steps) {
        long after = Math.max(0, split.copiedThrough() - OVERLAP);
        RoutingMap map = mapAtFence(split);
        FencedRange fenced = cells.fence(url(split.source()), split.range(), map.version(), after, PAGE);
        steps.done("source fenced, its writes under way finished, its last rows and digest read");
        URI target = url(split.target());
        LastPass pass = new LastPass(fenced.changes(), rows -> cells.take(target, split.range(), map.version() + 1,
                rows, fenced.digest()));
        lastPass = copier.copy(after, split.copiedThrough(), split.rowsCopied(), 0,
                (cursor, limit) -> pass.next(() -> cells.changes(url(split.source()), split.range(), cursor, limit)),
                rows -> pass.imported(rows, () -> cells.importRows(target, rows).inserted()), null);
        TakenRange taken = pass.taken();
        steps.done("last pass (" + lastPass.inserted() + " new rows) imported"
                + (taken.taken() ? ", digests equal, target took the range" : ", digests differ"));
        if (taken.taken()) {
            return true;
        }
        verify(split, fenced.digest(), taken.digest());
        steps.done("sums compared and mended");
        return false;
    }

    /**
     * The pass inside the pause: its first page is the one the fence answered; its last page goes to the target's
     * take-over (with no rows, if the last page had none new), the pages before it to plain imports.
     */
    private static final class LastPass {
        private final Function<List<ShapeRow>, TakenRange> take;
        private ChangePage first;
        private boolean lastPage;
        private TakenRange taken;

        LastPass(ChangePage first, Function<List<ShapeRow>, TakenRange> take) {
            this.first = first;
            this.take = take;
        }

        ChangePage next(Supplier<ChangePage> more) {
            ChangePage page = first != null ? first : more.get();
            first = null;
            lastPage = !page.more();
            return page;
        }

        long imported(List<ShapeRow> rows, LongSupplier plainImport) {
            if (!lastPage) {
                return plainImport.getAsLong();
            }
            taken = take.apply(rows);
            return taken.inserted();
        }

        TakenRange taken() {
            return taken != null ? taken : take.apply(List.of());
        }
    }

    /**
     * The fenced range's digests on both sides; only if they differ, the per-bucket sums, to say where (and the whole
     * range is copied again).
     */
    private void verify(Split split, RangeDigest source, RangeDigest target) {
        if (source.sameRowsAs(target)) {
            return;
        }
        List<BucketDifference> differences = keptSumsDiffer(split);
        if (differences.isEmpty()) {
            return;
        }
        progress.accept("per-bucket sums differ in " + differences.size() + " buckets: copying the whole range again");
        copier.forget(); // the target may have lost rows it was sent: send every row again
        copy(split, 0);
        differences = keptSumsDiffer(split);
        if (!differences.isEmpty()) {
            BucketDifference first = differences.get(0);
            throw new IllegalStateException("split " + split.id() + ": " + split.target() + " still differs from "
                    + split.source() + " after a full copy, in " + differences.size() + " buckets (first: bucket "
                    + first.bucket() + ", " + first.right().count() + " rows vs " + first.left().count()
                    + "); the source stays fenced: resume or abort");
        }
    }

    /**
     * Whether a resumed split's switch had begun: only a passed verify lets the target own the range or the source
     * let it go.
     */
    private boolean switchStarted(Split split) {
        CompletableFuture<List<RangeOwnership>> source = cells.ownership(url(split.source()));
        boolean targetOwns = joined(cells.ownership(url(split.target()))).stream()
                .anyMatch(r -> r.state() == OwnershipState.OWNED && r.range().overlaps(split.range()));
        boolean sourceHolds = joined(source).stream()
                .anyMatch(r -> r.state().servesReads() && r.range().overlaps(split.range()));
        return targetOwns || !sourceHolds;
    }

    private List<BucketDifference> keptSumsDiffer(Split split) {
        CompletableFuture<RangeSums> source = cells.keptSums(url(split.source()), split.range());
        RangeSums target = joined(cells.keptSums(url(split.target()), split.range()));
        return joined(source).differencesFrom(target);
    }

    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Before the fence, outside the pause: the map the switch will build on is read, and every call the pause makes
     * is made once (a connection to each cell, a take-over that takes nothing, the new map's JSON, the reader of the
     * fence's answer), so that none of them is made for the first time, cold, while writes wait. Then the fence waits
     * for the cells to settle ({@link #awaitSettledCells}).
     */
    private void prepareThePause(Split split) {
        preparedMap = latest();
        preparedFor = split.id();
        io.shapes.core.Json.write(preparedMap.reassign(split.range(), split.target())); // the new map's JSON, once cold
        preparedMap.cellFor(split.range().from()); // the switch's look-up, which loads the bucket hashing
        new StepTimes().done("the pause's step timer, once cold");
        URI sourceUrl = url(split.source());
        URI targetUrl = url(split.target());
        joined(CompletableFuture.allOf(cells.ownership(sourceUrl), cells.ownership(targetUrl)));
        RangeDigest digest = joined(cells.keptDigest(sourceUrl, split.range()));
        // the fence's answer, read once before the fence (its reader is built on first use)
        try {
            io.shapes.core.Json.read(io.shapes.core.Json.write(new FencedRange(List.of(), new ChangePage(List.of(), 0,
                    false), digest)), FencedRange.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        awaitSettledCells(split);
    }

    /**
     * Waits until the pause's first two calls made harmlessly — the source's digest, then a take-over with a digest no
     * range has (it imports nothing and takes nothing) — answer within {@link #SETTLED_MS} {@link #SETTLED_PROBES}
     * times in a row, {@link #SETTLE_POLL_MS} apart, for at most {@link #MAX_SETTLE_MS}, then catches up once more.
     * Right after a copy the cells are still busy with it (the target's JVM compiling what the copy made hot, its
     * database vacuuming the new rows), and every call of the pause would wait its turn for a core; a few seconds
     * later the same calls take a fraction of the time. One quick answer in a busy spell is luck, not a settled cell.
     */
    private void awaitSettledCells(Split split) {
        long start = System.nanoTime();
        long probe = probeThePause(split);
        int settledInARow = probe <= SETTLED_MS ? 1 : 0;
        if (probe > SETTLED_MS) {
            progress.accept("split " + split.id() + ": the pause's calls take " + probe + " ms (settled: within "
                    + SETTLED_MS + ", " + SETTLED_PROBES + " times in a row); waiting up to " + MAX_SETTLE_MS / 1000
                    + " s for the cells to settle");
        }
        while (settledInARow < SETTLED_PROBES && (System.nanoTime() - start) / 1_000_000 < MAX_SETTLE_MS) {
            try {
                Thread.sleep(SETTLE_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cells to settle", e);
            }
            probe = probeThePause(split);
            settledInARow = probe <= SETTLED_MS ? settledInARow + 1 : 0;
        }
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        catchUp(split); // what was written while the cells settled
        progress.accept("split " + split.id() + ": the pause's calls take " + probe + " ms; fencing after "
                + waitedMs + " ms of settling");
    }

    /** Milliseconds the source's digest and then a take-over that takes nothing took, made as the pause makes them. */
    private long probeThePause(Split split) {
        long begin = System.nanoTime();
        joined(cells.keptDigest(url(split.source()), split.range()));
        cells.take(url(split.target()), split.range(), preparedMap.version() + 1, List.of(),
                new RangeDigest(split.range().from(), split.range().to(), -1, "none"));
        return (System.nanoTime() - begin) / 1_000_000;
    }

    /** The map read just before the fence (or, for a resumed split, now). */
    private RoutingMap mapAtFence(Split split) {
        return preparedFor == split.id() && preparedMap != null ? preparedMap : latest();
    }

    /**
     * The target owns the range, the map says so, the source lets go: three calls at once. After the fence and the
     * verify, their order does not matter for the data: until all three are done a write to the range is refused
     * somewhere (the source is fenced, the target not yet owning, or a router's map old) and retried, never taken
     * twice. Each step is safe to repeat. A fenced split's new map is published with its move to {@code verified},
     * in one statement: a split is verified exactly when a map gives the target its range. When the target took the
     * range in the last pass ({@code targetOwns}), two calls remain.
     */
    private long switchOwner(Split split, boolean targetOwns, StepTimes steps) {
        RoutingMap map = mapAtFence(split);
        if (map.cellFor(split.range().from()).orElse("").equals(split.target())) {
            if (split.phase() == SplitPhase.FENCED) {
                advance(split, SplitPhase.VERIFIED, "map version " + map.version() + " gives the target the range");
            }
            return finishSwitch(split, map.version(), steps);
        }
        long version = map.version() + 1;
        URI sourceUrl = url(split.source());
        URI targetUrl = url(split.target());
        long begin = System.nanoTime();
        CompletableFuture<Long> target = targetOwns ? CompletableFuture.completedFuture(0L)
                : cells.changeOwnership(targetUrl, split.range(), OwnershipState.OWNED, version)
                        .thenApply(owned -> (System.nanoTime() - begin) / 1_000_000);
        CompletableFuture<Long> source = cells.changeOwnership(sourceUrl, split.range(), OwnershipState.NONE, version)
                .thenApply(released -> (System.nanoTime() - begin) / 1_000_000);
        long written;
        try {
            written = publish(split, map);
        } catch (MapVersions.ConcurrentMapChangeException e) {
            joined(CompletableFuture.allOf(target, source));
            // another change was published since the fence: build on it instead
            return finishSwitch(split, publish(split, latest()), steps);
        }
        long mapMs = (System.nanoTime() - begin) / 1_000_000;
        long targetMs = joined(target);
        steps.done(String.format("at once: %smap version %d written (%d ms), source released it (%d ms)",
                targetOwns ? "" : "target owns the range (" + targetMs + " ms), ", written, mapMs, joined(source)));
        return written;
    }

    /** Publishes {@code map} with the range given to the target (and a fenced split's move to verified); its version. */
    private long publish(Split split, RoutingMap map) {
        RoutingMap next = map.reassign(split.range(), split.target());
        String reason = "split " + split.id() + ": " + split.range() + " from " + split.source() + " to " + split.target();
        if (split.phase() == SplitPhase.FENCED) {
            store.splits().verifiedWithMap(split.id(), next, reason);
            crash.check(SplitPhase.VERIFIED);
        } else {
            store.maps().append(next, reason);
        }
        return next.version();
    }

    /** The write pause of {@code split} begins: this process is about to record the fence, then to fence. */
    private void beginThePause(Split split) {
        pausedFor = split.id();
        pauseBegan = System.nanoTime();
    }

    /**
     * After the switch: the pause and the last pass's progress recorded, the split moved on. The pause is this
     * process's own measure when it began it (from before the fence was recorded to the switch's end, rounded up),
     * else the control store's, from the recorded fence time (a resumed split).
     */
    private Split switched(Split split, long version, StepTimes steps) {
        long pauseNanos = System.nanoTime() - pauseBegan;
        Split recorded = store.splits().recordSwitch(split.id(), version,
                pausedFor == split.id() ? Long.valueOf((pauseNanos + 999_999) / 1_000_000) : null);
        progress.accept("split " + split.id() + ": in the pause: " + steps);
        if (lastPass != null) {
            store.splits().recordProgress(split.id(), lastPass.copiedThrough(), lastPass.rows());
            lastPass = null;
        }
        progress.accept("split " + split.id() + ": map version " + version + " gives " + split.range() + " to "
                + split.target() + "; write pause " + recorded.writePauseMs() + " ms");
        return advance(recorded, SplitPhase.SWITCHED, "map version " + version);
    }

    /** The map says the target has the range: the cells are told so (again, after a resume or a newer map). */
    private long finishSwitch(Split split, long version, StepTimes steps) {
        cells.setOwnership(url(split.target()), split.range(), OwnershipState.OWNED, version);
        cells.setOwnership(url(split.source()), split.range(), OwnershipState.NONE, version);
        steps.done("target owns the range, source released it (map version " + version + ")");
        return version;
    }

    /** How long each step of the write pause took, for its progress line. */
    private static final class StepTimes {
        private final StringBuilder line = new StringBuilder();
        private long last = System.nanoTime();

        void done(String step) {
            long now = System.nanoTime();
            line.append(line.length() == 0 ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                    .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return line.toString();
        }
    }

    private void deleteAll(URI cell, BucketRange range) {
        while (cells.deleteRange(cell, range, PAGE).more()) {
            // each batch is its own transaction; the loop ends when a batch comes back short
        }
    }

    private Split advance(Split split, SplitPhase to, String detail) {
        Split moved = store.splits().advance(split.id(), split.phase(), to, detail);
        crash.check(to);
        return moved;
    }

    private Split reload(Split split) {
        return store.splits().get(split.id()).orElseThrow();
    }

    /** A cell's URL, read from the map once: cells keep their URLs while a split runs. */
    private URI url(String cell) {
        return urls.computeIfAbsent(cell, name -> latest().cell(name)
                .orElseThrow(() -> new IllegalStateException("cell " + name + " left the map")).url());
    }

    private RoutingMap latest() {
        return NewestMap.of(store);
    }
}
