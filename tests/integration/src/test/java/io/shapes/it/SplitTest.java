package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.BucketRange;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * The online split through the packaged cell-manager, under continuous writes from 8 clients over many tenants
 * through a router: nothing acknowledged is lost or duplicated, counts stay exact, a split killed after any phase
 * is finished by 'split resume', and 'split abort' undoes one that has not switched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SplitTest {
    private static final int TENANTS = 40;
    private final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(5).routers(0)
            .cellCapacity(100_000)
            .registerCells(false));
    private LocalDeployment deployment;
    private java.net.URI router;
    private final Map<String, String> keys = new LinkedHashMap<>();
    /** The router's default request deadline. */
    private static final long REQUEST_DEADLINE_MS = 2000;
    private final List<Writers> histories = new ArrayList<>();
    /** How many of {@link #histories} a check has read back whole. */
    private int checkedWriters;

    @BeforeAll
    void startDeployment() throws Exception {
        deployment = deployments.get();
        ok(cm(Map.of(), "init", "--scheme", "tenant", "--cell-capacity", "100000"));
        for (int i = 1; i <= 5; i++) {
            ok(cm(Map.of(), "cell", "add", "cell-" + i, "--url", deployment.cell("cell-" + i).url().toString()));
        }
        router = deployment.startRouter("router-1", Map.of()).url();
        for (int i = 0; i < TENANTS; i++) {
            keys.put("t-" + i, deployment.createTenant("t-" + i));
        }
        String last = "t-" + (TENANTS - 1);
        await("the router knows the keys").atMost(Duration.ofSeconds(15))
                .until(() -> status(get("/v1/tenants/" + last + "/counts", keys.get(last))) == 200);
    }

    @Test
    @Order(1)
    void aSplitUnderContinuousWritesLosesAndDuplicatesNothing() throws Exception {
        CellManagerRun split;
        List<Attempt> attempts;
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 600);
            long splitFrom = writers.elapsedMs();
            split = cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-2", "--json");
            long splitTo = writers.elapsedMs();
            awaitAcknowledged(writers, writers.acknowledgedCount() + 300);
            writers.close();
            attempts = writers.history().stream().filter(a -> a.startMs() >= splitFrom && a.startMs() < splitTo)
                    .toList();
        }
        ok(split);
        JsonNode outcome = split.json();
        assertEquals("done", outcome.get("phase").asText(), split.err());
        assertEquals("8192-16384", outcome.get("range").asText());
        System.out.println("split under load: " + outcome + "; progress:\n" + split.err());
        Files.writeString(Path.of("target", "split-under-load.log"), split.err());
        long pauseMs = outcome.get("writePauseMs").asLong(-1);
        assertTrue(pauseMs >= 0 && pauseMs < REQUEST_DEADLINE_MS, "the write pause is measured and shorter than the"
                + " router's request deadline, within which the router retries a fenced write: " + pauseMs + " ms");
        // tenants whose buckets stay on cell-1 see no error; the moved range's writes may be refused, never lost:
        // each refusal is a 503 with Retry-After (the fence outlasting a request's deadline, or the new cell not yet
        // answering in time), and the set check below finds every acknowledged write
        var tenants = deployment.controlStore().tenants();
        List<Attempt> failed = attempts.stream().filter(a -> !a.acknowledged()).toList();
        List<Attempt> bystanders = failed.stream().filter(a -> tenants.placement(a.tenant()).buckets().stream()
                .allMatch(bucket -> bucket < 8192)).toList();
        assertEquals(List.of(), bystanders, "a split costs the tenants it does not move no error");
        List<Attempt> unexplained = failed.stream().filter(a -> a.status() != 503 || !a.retryAfter()).toList();
        assertEquals(List.of(), unexplained, "every refused write of the moved range is a 503 with Retry-After");
        System.out.printf("split under load: %d of %d puts started while it ran were refused, all of the moved"
                + " range%n", failed.size(), attempts.size());
        checkHistories();

        JsonNode cells = ok(cm(Map.of(), "cell", "list", "--json")).json();
        assertTrue(cells.get(0).get("shapes").asLong() > 0 && cells.get(1).get("shapes").asLong() > 0,
                "both cells hold data: " + cells);
        JsonNode history = ok(cm(Map.of(), "map", "history", "--json")).json();
        assertTrue(history.get(history.size() - 1).get("reason").asText().contains("split"), history.toString());
    }

    @Test
    @Order(2)
    void aSplitKilledAfterEachPhaseIsFinishedByResume() throws Exception {
        List<String> phases = List.of("planned", "copying", "catching-up", "fenced", "verified", "switched", "cleaning");
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 300);
            CellManagerRun first = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", phases.get(0)), "cell", "split", "cell-1", "--into",
                    "cell-3", "--json");
            assertEquals(3, first.exitCode(), "the split process died on purpose: " + first.err());
            long id = lastSplitId();
            assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-4"), 1, "not finished");
            for (String phase : phases.subList(1, phases.size())) {
                CellManagerRun resumed = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", phase), "split", "resume", String.valueOf(id));
                assertEquals(3, resumed.exitCode(), "resume ran until the crash after " + phase + ": " + resumed.err());
                awaitAcknowledged(writers, writers.acknowledgedCount() + 20);
            }
            JsonNode done = ok(cm(Map.of(), "split", "resume", String.valueOf(id), "--json")).json();
            assertEquals("done", done.get("phase").asText());
            awaitAcknowledged(writers, writers.acknowledgedCount() + 100);
        }
        checkHistories();
    }

    @Test
    @Order(3)
    void abortBeforeTheSwitchRestoresTheSourceAndAfterTheSwitchIsRefused() throws Exception {
        long sourceShapes = cellShapes("cell-2");
        CellManagerRun fenced = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "fenced"), "cell", "split", "cell-2", "--into", "cell-4");
        assertEquals(3, fenced.exitCode(), fenced.err());
        long id = lastSplitId();
        JsonNode aborted = ok(cm(Map.of(), "split", "abort", String.valueOf(id), "--json")).json();
        assertEquals("aborted", aborted.get("phase").asText());
        assertEquals(sourceShapes, cellShapes("cell-2"), "the source holds exactly what it held");
        assertEquals(0, cellShapes("cell-4"), "the target is empty again");
        assertOneLineFailure(cm(Map.of(), "split", "abort", String.valueOf(id)), 1, "no longer be aborted");
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
        }

        // verified together with the new map: from there the target has the range, so the split can only go on
        CellManagerRun switched = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "verified"), "cell", "split", "cell-2", "--into", "cell-4");
        assertEquals(3, switched.exitCode(), switched.err());
        long second = lastSplitId();
        assertOneLineFailure(cm(Map.of(), "split", "abort", String.valueOf(second)), 1, "resume it instead");
        assertEquals("done", ok(cm(Map.of(), "split", "resume", String.valueOf(second), "--json")).json()
                .get("phase").asText());
        checkHistories();
    }

    @Test
    @Order(4)
    void badSplitsAreRefusedWithOneLine() throws Exception {
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-9", "--into", "cell-4"), 1, "no cell cell-9");
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-2"), 1, "already holds buckets");
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-1"), 2, "itself");
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1"), 2, "--into");
        assertOneLineFailure(cm(Map.of(), "split", "resume", "999"), 1, "no split 999");
        assertOneLineFailure(cm(Map.of(), "split", "resume", "abc"), 2, "abc");
    }

    @Test
    @Order(5)
    void aTamperedTargetIsCaughtByTheFencedVerifyAndLeftFenced() throws Exception {
        long id;
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
            CellManagerRun crashed = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "fenced"), "cell", "split", "cell-3", "--into",
                    "cell-5");
            assertEquals(3, crashed.exitCode(), crashed.err());
            id = lastSplitId();
            BucketRange range = deployment.controlStore().splits().get(id).orElseThrow().range();
            long intruder = ShapeId.of(range.from(), 1).value();
            // behind the split's back, on the target: one copied row gone, and one row the source never had
            sql("cell-5", "delete from shapes where ctid = (select ctid from shapes limit 1)");
            sql("cell-5", "insert into shapes (tenant, id, bucket, type) values ('intruder', " + intruder + ", "
                    + range.from() + ", 'circle')");

            CellManagerRun caught = cm(Map.of(), "split", "resume", String.valueOf(id));
            assertEquals(1, caught.exitCode(), caught.err());
            String reason = caught.err().strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(reason.contains("still differs") && reason.contains("stays fenced"), caught.err());
            assertFalse(caught.err().contains("\tat "), "no stack trace");
            assertEquals("fenced", splitPhase(id), "left fenced: neither side may serve the range alone");

            CellManagerRun differs = cm(Map.of(), "split", "verify", String.valueOf(id), "--json");
            assertEquals(1, differs.exitCode(), differs.err());
            JsonNode found = differs.json();
            assertEquals(1, found.get("differences").size(), differs.out());
            assertEquals(range.from(), found.get("differences").get(0).get("bucket").asInt(), "the intruder's bucket");
            assertTrue(found.get("sourceSumsHold").asBoolean() && found.get("targetSumsHold").asBoolean(),
                    "each side's kept sums are true to its rows: " + differs.out());

            sql("cell-5", "delete from shapes where tenant = 'intruder'");
            JsonNode same = ok(cm(Map.of(), "split", "verify", String.valueOf(id), "--json")).json();
            assertTrue(same.get("holds").asBoolean(), same.toString());

            // the cells as a run that stopped inside its switch leaves them (its three last calls run at once): the
            // target owns the range, the source let it go, but the split is not verified and no map says so
            long version = deployment.controlStore().maps().latest().orElseThrow().version();
            var cells = deployment.cellAdmin();
            cells.setOwnership(deployment.cell("cell-5").url(), range, OwnershipState.OWNED, version);
            cells.setOwnership(deployment.cell("cell-3").url(), range, OwnershipState.NONE, version);
            CellManagerRun finished = cm(Map.of(), "split", "resume", String.valueOf(id), "--json");
            assertEquals("done", ok(finished).json().get("phase").asText());
            assertTrue(finished.err().contains("the switch had begun; finishing it"), "a source that let the range"
                    + " go is not fenced again, a target that owns it gets no more imports: " + finished.err());
            assertEquals("cell-5", deployment.controlStore().maps().latest().orElseThrow().cellFor(range.from())
                    .orElseThrow());
            awaitAcknowledged(writers, writers.acknowledgedCount() + 100);
        }
        checkHistories();
        assertOneLineFailure(cm(Map.of(), "split", "verify", String.valueOf(id)), 1, "is done");
    }

    @Test
    @Order(6)
    void drainMovesEveryRangeAwayUnderWritesAndRemoveThenUnregistersTheCell() throws Exception {
        assertOneLineFailure(cm(Map.of(), "cell", "remove", "cell-4"), 1, "cell drain cell-4");
        CellManagerRun drain;
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
            drain = cm(Map.of(), "cell", "drain", "cell-4", "--json");
            awaitAcknowledged(writers, writers.acknowledgedCount() + 200);
        }
        ok(drain);
        System.out.println("drain under load: " + drain.out() + "; progress:\n" + drain.err());
        JsonNode moves = drain.json().get("moves");
        assertEquals(1, moves.size(), drain.out());
        assertEquals("done", moves.get(0).get("phase").asText());
        assertEquals(0, cellShapes("cell-4"), "the drained cell holds nothing");
        JsonNode map = ok(cm(Map.of(), "map", "show", "--json")).json();
        for (JsonNode range : map.get("ranges")) {
            assertFalse(range.get("cell").asText().equals("cell-4"), "the map gives cell-4 no buckets: " + map);
        }
        checkHistories();

        JsonNode removed = ok(cm(Map.of(), "cell", "remove", "cell-4", "--json")).json();
        assertTrue(removed.get("answered").asBoolean());
        JsonNode cells = ok(cm(Map.of(), "cell", "list", "--json")).json();
        assertEquals(4, cells.size(), "cell-4 is unregistered: " + cells);
        assertOneLineFailure(cm(Map.of(), "cell", "remove", "cell-4"), 1, "no cell cell-4");
        assertOneLineFailure(cm(Map.of(), "cell", "drain", "cell-4"), 1, "no cell cell-4");
        assertOneLineFailure(cm(Map.of(), "cell", "remove", "cell-1"), 1, "cell drain cell-1");
        assertOneLineFailure(cm(Map.of(), "cell", "drain", "../etc"), 2, "cell");
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
        }
        checkHistories();
    }

    @Test
    @Order(7)
    void everyCellsKeptSumsEqualItsRowsAfterWritesImportsDeletesAndACrashMidWrite() throws Exception {
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
            // the database's machine crashes mid-write: every server process at once; the sums are in its
            // transactions, so what survives is a whole write with its sums or neither
            CellNode cell = deployment.cell("cell-1");
            cell.killDatabase();
            cell.restartDatabase();
            awaitAcknowledged(writers, writers.acknowledgedCount() + 200);
        }
        checkHistories();
        for (CellManagerRun run : inParallel(List.of("cell-1", "cell-2", "cell-3", "cell-5").stream()
                .map(cell -> new String[] {"cell", "verify", cell, "--json"}).toList())) {
            JsonNode verified = ok(run).json();
            assertTrue(verified.get("holds").asBoolean() && verified.get("rows").asLong() > 0, verified.toString());
        }
        // and the check can fail: a row taken away with the triggers off (and put back)
        try (java.sql.Connection c = deployment.cell("cell-2").database().orElseThrow().connect();
                java.sql.Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute("create temporary table taken as select * from shapes limit 1");
            s.execute("delete from shapes where (tenant, id) in (select tenant, id from taken)");
            CellManagerRun drifted = cm(Map.of(), "cell", "verify", "cell-2", "--json");
            assertEquals(1, drifted.exitCode(), drifted.err());
            assertEquals(1, drifted.json().get("differences").size(), drifted.out());
            s.execute("insert into shapes select * from taken");
            // and a block's kept sums (what a digest adds up) off from its buckets'
            s.execute("create temporary table bumped as select block, stripe from block_sums limit 1");
            s.execute("update block_sums set n = n + 1 where (block, stripe) in (select * from bumped)");
            CellManagerRun blockDrifted = cm(Map.of(), "cell", "verify", "cell-2", "--json");
            assertEquals(1, blockDrifted.exitCode(), blockDrifted.err());
            assertEquals(1, blockDrifted.json().get("blocks").size(), blockDrifted.out());
            assertEquals(0, blockDrifted.json().get("differences").size(), blockDrifted.out());
            s.execute("update block_sums set n = n - 1 where (block, stripe) in (select * from bumped)");
        }
        ok(cm(Map.of(), "cell", "verify", "cell-2"));
    }

    @Test
    @Order(8)
    void dryRunsChangeNothingAndPrintThePlan() throws Exception {
        // the drained and removed cell-4 is empty: it may join again, as the empty cell a split needs
        ok(cm(Map.of(), "cell", "add", "cell-4", "--url", deployment.cell("cell-4").url().toString()));
        String mapBefore = ok(cm(Map.of(), "map", "show", "--json")).out();
        String splitsBefore = ok(cm(Map.of(), "split", "list", "--json")).out();
        List<String[]> dryRuns = List.of(
                new String[] {"cell", "split", "cell-1", "--into", "cell-4", "--dry-run", "--json"},
                new String[] {"cell", "move", "0-1024", "--to", "cell-5", "--dry-run", "--json"},
                new String[] {"cell", "merge", "cell-5", "--into", "cell-3", "--dry-run", "--json"},
                new String[] {"cell", "drain", "cell-5", "--dry-run", "--json"});
        List<String[]> runs = new java.util.ArrayList<>(dryRuns);
        runs.add(new String[] {"cell", "move", "0-1024", "--to", "cell-5", "--dry-run"});
        runs.add(new String[] {"cell", "move", "0-1024", "--to", "cell-1", "--dry-run"});
        runs.add(new String[] {"cell", "move", "0-16384", "--to", "cell-5"});
        runs.add(new String[] {"cell", "merge", "cell-5", "--into", "cell-3", "--threshold", "0.001"});
        List<CellManagerRun> done = inParallel(runs);
        for (CellManagerRun run : done.subList(0, dryRuns.size())) {
            ok(run);
            JsonNode plan = run.json();
            assertTrue(plan.get("dryRun").asBoolean(), run.out());
            assertTrue(plan.get("moves").size() > 0 && plan.get("fillAfter").size() > 0, run.out());
            assertTrue(plan.get("estimatedSeconds").isNumber(), "a split has finished: its copy rate gives the"
                    + " estimate: " + run.out());
            long moved = 0;
            for (JsonNode move : plan.get("moves")) {
                moved += move.get("rows").asLong();
            }
            assertEquals(plan.get("rows").asLong(), moved, run.out());
        }
        CellManagerRun text = ok(done.get(dryRuns.size()));
        assertTrue(text.out().contains("nothing changed") && text.out().contains("fill after"), text.out());
        assertOneLineFailure(done.get(dryRuns.size() + 1), 1, "already");
        assertOneLineFailure(done.get(dryRuns.size() + 2), 1, "not all on cell-1");
        assertOneLineFailure(done.get(dryRuns.size() + 3), 1, "pre-scaling line");
        assertEquals(mapBefore, ok(cm(Map.of(), "map", "show", "--json")).out(), "no new map version");
        assertEquals(splitsBefore, ok(cm(Map.of(), "split", "list", "--json")).out(), "no split recorded");
    }

    @Test
    @Order(9)
    void aRangeMovesAndTwoCellsMergeUnderWritesResumedAfterKills() throws Exception {
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 200);
            CellManagerRun killed = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "catching-up"), "cell", "move", "0-1024",
                    "--to", "cell-5");
            assertEquals(3, killed.exitCode(), killed.err());
            long move = lastSplitId();
            assertEquals("done", ok(cm(Map.of(), "split", "resume", String.valueOf(move), "--json")).json()
                    .get("phase").asText());
            assertEquals("cell-5", deployment.controlStore().maps().latest().orElseThrow().cellFor(0).orElseThrow());
            awaitAcknowledged(writers, writers.acknowledgedCount() + 100);

            for (String phase : List.of("copying", "switched")) {
                CellManagerRun merge = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", phase), "cell", "merge", "cell-5", "--into",
                        "cell-3");
                assertEquals(3, merge.exitCode(), "the merge died after " + phase + ": " + merge.err());
                awaitAcknowledged(writers, writers.acknowledgedCount() + 20);
            }
            JsonNode merged = ok(cm(Map.of(), "cell", "merge", "cell-5", "--into", "cell-3", "--json")).json();
            for (JsonNode moved : merged.get("moves")) {
                assertEquals("done", moved.get("phase").asText(), merged.toString());
            }
            awaitAcknowledged(writers, writers.acknowledgedCount() + 100);
        }
        checkHistories(true); // the last test: every acknowledged shape of the class read back
        JsonNode map = ok(cm(Map.of(), "map", "show", "--json")).json();
        for (JsonNode range : map.get("ranges")) {
            assertFalse(range.get("cell").asText().equals("cell-5"), "cell-5 holds no buckets: " + map);
        }
        assertEquals(0, ok(cm(Map.of(), "cell", "verify", "cell-5", "--json")).json().get("rows").asLong());
        // the cell's count of its rows is a cache, re-read from its database every 10 s
        await("cell-5 counts no shapes").atMost(Duration.ofSeconds(15)).until(() -> cellShapes("cell-5") == 0);
        ok(cm(Map.of(), "cell", "verify", "cell-3"));
        ok(cm(Map.of(), "cell", "remove", "cell-5"));
    }

    /** The runs of cell-manager, two at a time (two cores: one JVM start each), in the order given. */
    private List<CellManagerRun> inParallel(List<String[]> runs) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<CellManagerRun>> pending = new java.util.ArrayList<>();
            for (String[] args : runs) {
                pending.add(pool.submit(() -> cm(Map.of(), args)));
            }
            List<CellManagerRun> done = new java.util.ArrayList<>();
            for (var run : pending) {
                done.add(run.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private void sql(String cell, String statement) throws Exception {
        try (java.sql.Connection c = deployment.cell(cell).database().orElseThrow().connect();
                java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String splitPhase(long id) {
        return deployment.controlStore().splits().get(id).orElseThrow().phase().wireName();
    }

    /** Every acknowledged put is readable with its type; each tenant's count lies between acknowledged and attempted. */
    private void checkHistories() {
        checkHistories(false);
    }

    /**
     * The whole history of the class so far: no id acknowledged twice, every tenant's count within its bounds, and
     * every shape acknowledged since the last check read back; of the earlier ones (which later splits move too), a
     * quarter by id, or all of them if {@code everyShape}.
     */
    private void checkHistories(boolean everyShape) {
        List<Attempt> history = histories.stream().flatMap(w -> w.history().stream()).toList();
        java.util.Set<Attempt> fresh = new java.util.HashSet<>(histories.subList(checkedWriters, histories.size()).stream()
                .flatMap(w -> w.history().stream()).toList());
        checkedWriters = histories.size();
        HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(history, attempt -> everyShape
                || fresh.contains(attempt) || Math.floorMod(attempt.id().hashCode(), 4) == 0);
        assertTrue(verdict.holds(), "no acknowledged put lost or duplicated, counts within [acknowledged, attempted]: "
                + verdict.summary());
        List<Attempt> failed = history.stream().filter(a -> !a.acknowledged()).toList();
        System.out.printf("history: %s; %d errors%s%n", verdict.summary(), failed.size(),
                failed.isEmpty() ? "" : " e.g. " + failed.get(0));
    }

    private Writers writers() {
        Writers writers = new Writers(router, keys, 8, 15);
        histories.add(writers);
        return writers;
    }

    private static void awaitAcknowledged(Writers writers, int count) {
        await(count + " acknowledged puts").atMost(Duration.ofSeconds(60))
                .until(() -> writers.acknowledgedCount() >= count);
    }

    private long cellShapes(String cell) throws Exception {
        for (JsonNode row : ok(cm(Map.of(), "cell", "list", "--json")).json()) {
            if (row.get("name").asText().equals(cell)) {
                return row.get("shapes").asLong();
            }
        }
        throw new AssertionError("no cell " + cell);
    }

    private long lastSplitId() throws Exception {
        JsonNode splits = ok(cm(Map.of(), "split", "list", "--json")).json();
        return splits.get(splits.size() - 1).get("splitId").asLong();
    }

    private HttpResponse<String> get(String path, String key) {
        try {
            return http.send(HttpRequest.newBuilder(router.resolve(path)).header("Authorization", "Bearer " + key)
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed: " + e);
        }
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static CellManagerRun ok(CellManagerRun run) {
        assertEquals(0, run.exitCode(), "cell-manager failed: " + run.err());
        return run;
    }

    private static void assertOneLineFailure(CellManagerRun run, int exitCode, String mentions) {
        assertEquals(exitCode, run.exitCode(), "exit code; stderr: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(mentions), "the message mentions '" + mentions + "': " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private CellManagerRun cm(Map<String, String> env, String... args) {
        Map<String, String> environment = new java.util.HashMap<>(deployment.cellManagerEnvironment());
        environment.putAll(env);
        return CellManagerRun.run(environment, Duration.ofMinutes(3), args);
    }
}
