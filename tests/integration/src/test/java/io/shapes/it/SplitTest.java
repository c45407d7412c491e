package io.shapes.it;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.Json;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.LocalDeployment;

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
    private LocalDeployment deployment;
    private java.net.URI router;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<Writers> histories = new ArrayList<>();

    /** What a command printed and returned. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    @BeforeAll
    void startDeployment() throws Exception {
        deployment = TestDeployments.fresh(getClass()).cells(4).routers(0).cellCapacity(100_000)
                .registerCells(false).start();
        ok(cm(Map.of(), "init", "--scheme", "tenant", "--cell-capacity", "100000"));
        for (int i = 1; i <= 4; i++) {
            ok(cm(Map.of(), "cell", "add", "cell-" + i, "--url", deployment.cell("cell-" + i).url().toString()));
        }
        router = deployment.startRouter("router-1", Map.of()).url();
        for (int i = 0; i < TENANTS; i++) {
            keys.put("t-" + i, deployment.createTenant("t-" + i));
        }
        String last = "t-" + (TENANTS - 1);
        Conditions.await("the router knows the keys", Duration.ofSeconds(15),
                () -> status(get("/v1/tenants/" + last + "/counts", keys.get(last))) == 200);
    }

    @AfterAll
    void stopDeployment() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    @Order(1)
    void aSplitUnderContinuousWritesLosesAndDuplicatesNothing() throws Exception {
        Run split;
        try (Writers writers = writers()) {
            awaitAcknowledged(writers, 600);
            split = cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-2", "--json");
            awaitAcknowledged(writers, writers.acknowledged.size() + 300);
        }
        ok(split);
        JsonNode outcome = split.json();
        assertEquals("done", outcome.get("phase").asText(), split.err());
        assertEquals("8192-16384", outcome.get("range").asText());
        System.out.println("split under load: " + outcome + "; progress:\n" + split.err());
        Files.writeString(Path.of("target", "split-under-load.log"), split.err());
        assertTrue(split.err().contains("write pause"), "the write pause is printed");
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
            Run first = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", phases.get(0)), "cell", "split", "cell-1", "--into",
                    "cell-3", "--json");
            assertEquals(3, first.exitCode(), "the split process died on purpose: " + first.err());
            long id = lastSplitId();
            assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-4"), 1, "not finished");
            for (String phase : phases.subList(1, phases.size())) {
                Run resumed = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", phase), "split", "resume", String.valueOf(id));
                assertEquals(3, resumed.exitCode(), "resume ran until the crash after " + phase + ": " + resumed.err());
                awaitAcknowledged(writers, writers.acknowledged.size() + 20);
            }
            JsonNode done = ok(cm(Map.of(), "split", "resume", String.valueOf(id), "--json")).json();
            assertEquals("done", done.get("phase").asText());
            awaitAcknowledged(writers, writers.acknowledged.size() + 100);
        }
        checkHistories();
    }

    @Test
    @Order(3)
    void abortBeforeTheSwitchRestoresTheSourceAndAfterTheSwitchIsRefused() throws Exception {
        long sourceShapes = cellShapes("cell-2");
        Run fenced = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "verified"), "cell", "split", "cell-2", "--into", "cell-4");
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

        Run switched = cm(Map.of("SHAPES_SPLIT_CRASH_AFTER", "switched"), "cell", "split", "cell-2", "--into", "cell-4");
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
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1", "--into", "cell-1"), 1, "itself");
        assertOneLineFailure(cm(Map.of(), "cell", "split", "cell-1"), 2, "--into");
        assertOneLineFailure(cm(Map.of(), "split", "resume", "999"), 1, "no split 999");
        assertOneLineFailure(cm(Map.of(), "split", "resume", "abc"), 2, "abc");
    }

    /** Every acknowledged put is readable with its type; each tenant's count lies between acknowledged and attempted. */
    private void checkHistories() throws Exception {
        Set<String> ids = new HashSet<>();
        Map<String, Long> acknowledged = new LinkedHashMap<>();
        Map<String, Long> attempted = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Writers history : histories) {
            for (String[] put : history.acknowledged) {
                assertTrue(ids.add(put[1]), "each acknowledged put has its own id: " + put[1]);
                acknowledged.merge(put[0], 1L, Long::sum);
                HttpResponse<String> shape = get("/v1/tenants/" + put[0] + "/shapes/" + put[1], keys.get(put[0]));
                assertEquals(200, shape.statusCode(), "acknowledged put " + put[1] + " of " + put[0]
                        + " is readable: " + shape.body());
                assertEquals(put[2], Json.MAPPER.readTree(shape.body()).get("type").asText());
            }
            history.attempted.forEach((tenant, n) -> attempted.merge(tenant, n.get(), Long::sum));
            errors.addAll(history.errors);
        }
        for (String tenant : keys.keySet()) {
            HttpResponse<String> counts = get("/v1/tenants/" + tenant + "/counts", keys.get(tenant));
            long total = Json.MAPPER.readTree(counts.body()).get("total").asLong();
            long acked = acknowledged.getOrDefault(tenant, 0L);
            long tried = attempted.getOrDefault(tenant, 0L);
            assertTrue(total >= acked && total <= tried, "count of " + tenant + " (" + total
                    + ") lies between its acknowledged (" + acked + ") and attempted (" + tried + ") puts");
        }
        System.out.printf("history: %d acknowledged puts, %d errors%s%n", ids.size(), errors.size(),
                errors.isEmpty() ? "" : " e.g. " + errors.get(0));
    }

    private Writers writers() {
        Writers writers = new Writers(router, keys, 8, 15);
        histories.add(writers);
        return writers;
    }

    private static void awaitAcknowledged(Writers writers, int count) {
        Conditions.await(count + " acknowledged puts", Duration.ofSeconds(60), () -> writers.acknowledged.size() >= count);
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

    private static Run ok(Run run) {
        assertEquals(0, run.exitCode(), "cell-manager failed: " + run.err());
        return run;
    }

    private static void assertOneLineFailure(Run run, int exitCode, String mentions) {
        assertEquals(exitCode, run.exitCode(), "exit code; stderr: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(mentions), "the message mentions '" + mentions + "': " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private Run cm(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                Artifacts.cellManagerJar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cm-out", ".txt");
        Path err = Files.createTempFile("cm-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SHAPES_CONTROL_DB", deployment.controlStoreUrl());
        builder.environment().put("SHAPES_INTERNAL_TOKEN", deployment.internalToken());
        builder.environment().remove("SHAPES_SPLIT_CRASH_AFTER");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cell-manager " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
