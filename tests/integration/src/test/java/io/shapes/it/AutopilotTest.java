package io.shapes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.control.AutopilotOperation;
import io.shapes.control.Split;
import io.shapes.control.SplitPhase;
import io.shapes.core.Json;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;
import io.shapes.workload.Writers;

/**
 * The autopilot on a real deployment of one small cell under steady writes through a router, provisioning with the
 * real launcher ({@code infra/shapes start-cell}): it splits the cell within one look's writes of the threshold, no
 * client sees {@code 507} while the new cell starts, and an autopilot killed in the middle of the split is finished
 * by the next one. Then one look with a merge line above both cells' fill merges them back into one, under writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutopilotTest {
    private static final long CAPACITY = 2_000;
    private static final double THRESHOLD = 45;
    private static final int TENANTS = 12;
    private static final int CLIENTS = 8;
    private static final double WRITES_PER_SECOND = 20;
    /** What the writers put between two looks of the autopilot: its default interval (2 s) and the look itself. */
    private static final long BATCH = Math.round(WRITES_PER_SECOND * 2.5);
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(1).routers(1).cellCapacity(CAPACITY)
            .shardSize(1).detached(true));
    private final List<Process> autopilots = new ArrayList<>();

    @AfterAll
    void stopWhatTheLauncherStarted() {
        autopilots.forEach(Process::destroyForcibly);
        LocalDeployment.attach(deployments.get().directory()).ifPresent(LocalDeployment::close);
    }

    @Test
    void splitsTheCellBeforeItPassesTheThresholdByMoreThanABatchWithNo507AndFinishesAfterAKill() throws Exception {
        LocalDeployment deployment = deployments.get();
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < TENANTS; i++) {
            keys.put("t-" + i, deployment.createTenant("t-" + i));
        }
        java.net.URI router = deployment.router(0).url();
        String last = "t-" + (TENANTS - 1);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        await(() -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(router.resolve("/v1/tenants/" + last + "/counts"))
                        .header("Authorization", "Bearer " + keys.get(last)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, Duration.ofSeconds(15), () -> "the router knows the tenants' keys");
        List<Attempt> history = new ArrayList<>();
        long below = (long) (CAPACITY * (THRESHOLD - 7) / 100);
        try (Writers fill = new Writers(router, keys, CLIENTS, 25)) {
            fill.awaitAcknowledged((int) below, Duration.ofSeconds(60));
            fill.close();
            history.addAll(fill.history());
        }
        Path dir = deployment.directory();
        Path firstLog = dir.resolve("autopilot-1.jsonl");
        Path secondLog = dir.resolve("autopilot-2.jsonl");
        Path mergeLog = dir.resolve("autopilot-3.jsonl");
        Path dryLog = dir.resolve("autopilot-dry.jsonl");
        Process dry = autopilot(deployment, dryLog, Map.of(), "--once", "--dry-run", "--threshold", "30");
        assertTrue(dry.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, dry.exitValue(), log(dryLog));
        JsonNode wouldSplit = decisions(dryLog).get(0);
        assertEquals("split", wouldSplit.get("action").asText(), log(dryLog));
        assertEquals("cell-1", wouldSplit.get("cell").asText());
        assertEquals(List.of(), deployment.controlStore().autopilot().newest(1), "a dry run records nothing");
        assertEquals(1, deployment.controlStore().maps().latest().orElseThrow().cells().size(), "and starts nothing");
        try (Writers steady = new Writers(router, keys, CLIENTS, WRITES_PER_SECOND / CLIENTS)) {
            Process first = autopilot(deployment, firstLog, Map.of("SHAPES_SPLIT_CRASH_AFTER", "copying"));
            assertTrue(first.waitFor(3, TimeUnit.MINUTES), "the first autopilot provisions, registers and starts the split");
            assertEquals(3, first.exitValue(), "it was killed on purpose once its split reached copying: " + log(firstLog));
            List<AutopilotOperation> unfinished = deployment.controlStore().autopilot().unfinished();
            assertEquals(1, unfinished.size(), unfinished.toString());
            AutopilotOperation operation = unfinished.get(0);
            assertEquals(AutopilotOperation.State.MOVING, operation.state(), operation.toString());
            assertEquals("cell-1", operation.source());
            assertEquals("cell-2", operation.target());
            Split halfDone = deployment.controlStore().splits().all().get(0);
            assertEquals(SplitPhase.COPYING, halfDone.phase(), halfDone.toString());

            Process second = autopilot(deployment, secondLog, Map.of());
            await(() -> deployment.controlStore().autopilot().unfinished().isEmpty(), Duration.ofMinutes(2),
                    () -> "the second autopilot finishes the split: " + log(secondLog));
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);

            // both cells now under a merge line of 44 %: one look merges the emptier into the other, still under
            // writes, and unregisters it (a threshold of 90 % lets the two fit in one cell)
            Process merge = autopilot(deployment, mergeLog, Map.of(), "--once", "--threshold", "90", "--merge-below", "44",
                    "--cool-down", "0s");
            assertTrue(merge.waitFor(2, TimeUnit.MINUTES), "the merge finishes");
            assertEquals(0, merge.exitValue(), log(mergeLog));
            steady.close();
            history.addAll(steady.history());
        }

        JsonNode decision = decisions(firstLog).stream().filter(d -> d.path("action").asText().equals("split"))
                .findFirst().orElseThrow(() -> new AssertionError("no split decided: " + log(firstLog)));
        long line = (long) (CAPACITY * THRESHOLD / 100);
        assertTrue(decision.get("shapes").asLong() >= line && decision.get("shapes").asLong() <= line + BATCH,
                "split decided at " + decision.get("shapes") + " shapes: past the line (" + line + ") by at most one"
                        + " look's writes (" + BATCH + "): " + decision);
        assertTrue(log(secondLog).contains("\"action\":\"resume\""), log(secondLog));
        AutopilotOperation done = deployment.controlStore().autopilot().newest(2).get(1);
        assertEquals(AutopilotOperation.State.DONE, done.state(), done.toString());
        Split split = deployment.controlStore().splits().all().get(0);
        assertEquals(SplitPhase.DONE, split.phase(), split.toString());
        JsonNode merged = decisions(mergeLog).stream().filter(d -> d.path("action").asText().equals("merge"))
                .findFirst().orElseThrow(() -> new AssertionError("no merge decided: " + log(mergeLog)));
        String gone = merged.get("cell").asText();
        String kept = merged.get("target").asText();
        assertEquals(java.util.Set.of("cell-1", "cell-2"), java.util.Set.of(gone, kept), merged.toString());
        AutopilotOperation merge = deployment.controlStore().autopilot().newest(1).get(0);
        assertEquals(AutopilotOperation.Kind.MERGE, merge.kind(), merge.toString());
        assertEquals(AutopilotOperation.State.DONE, merge.state(), merge.toString());
        RoutingMap map = deployment.controlStore().maps().latest().orElseThrow();
        assertEquals(List.of(kept), map.cells().stream().map(c -> c.name()).toList(), "the merged cell is unregistered");
        assertEquals(Map.of(kept, 1), map.rangesByCell().entrySet().stream().collect(java.util.stream.Collectors
                .toMap(Map.Entry::getKey, e -> e.getValue().size())), "one cell holds every bucket: " + map.ranges());

        long full = history.stream().filter(a -> a.status() == 507).count();
        assertEquals(0, full, "no client saw 507 cell-full while the new cell was provisioned");
        List<Attempt> failed = history.stream().filter(a -> !a.acknowledged()).toList();
        assertEquals(List.of(), failed.stream().limit(10).toList(), "every put was acknowledged");
        HistoryCheck.Verdict verdict = new HistoryCheck(router, keys).check(history);
        assertTrue(verdict.holds(), verdict.summary());
    }

    private Process autopilot(LocalDeployment deployment, Path out, Map<String, String> extra, String... options)
            throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(deployment.cellManagerEnvironment());
        environment.put("SHAPES_LAUNCHER", Artifacts.repositoryRoot().resolve("infra/shapes").toString());
        environment.put("SHAPES_STATE_DIR", deployment.directory().toString());
        environment.putAll(extra);
        List<String> args = new ArrayList<>(List.of("autopilot", "--json"));
        if (!List.of(options).contains("--threshold")) {
            args.addAll(List.of("--threshold", String.valueOf((int) THRESHOLD)));
        }
        args.addAll(List.of(options));
        Process process = CellManagerRun.command(environment, args).redirectOutput(out.toFile())
                .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile()).start();
        autopilots.add(process);
        return process;
    }

    private static List<JsonNode> decisions(Path log) throws IOException {
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node.path("kind").asText().equals("decision")) {
                decisions.add(node);
            }
        }
        return decisions;
    }

    private static String log(Path out) {
        try {
            return Files.readString(out) + Files.readString(out.resolveSibling(out.getFileName() + ".err"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout,
            java.util.function.Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(why.get());
            }
            Thread.sleep(200);
        }
    }
}
