package io.shapes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.Scheme;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;

/** cell-manager's commands against a real control store and real cells, run as the packaged CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellManagerCliTest {
    private static final int CAPACITY = 1000;
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(2).routers(0)
            .cellCapacity(CAPACITY)
            .registerCells(false));
    private LocalDeployment deployment;
    private CellNode odd;

    @BeforeAll
    void startProcesses() {
        deployment = deployments.get();
        odd = CellNode.start(new CellNode.Spec("odd", Scheme.TENANT, CAPACITY / 2, 64, deployment.cellTokens(),
                List.of("-Xmx256m", "-XX:+UseSerialGC")), deployment.directory().resolve("odd"));
    }

    @AfterAll
    void stopProcesses() {
        if (odd != null) {
            odd.close();
        }
    }

    @Test
    @Order(1)
    void initCreatesTheSchemaAndAnEmptyMapOnce() throws Exception {
        CellManagerRun init = cm("init", "--scheme", "tenant", "--cell-capacity", String.valueOf(CAPACITY), "--json");
        assertEquals(0, init.exitCode(), init.err());
        assertEquals("tenant", init.json().get("scheme").asText());
        assertOneLineFailure(cm("init", "--scheme", "tenant"), 1, "already initialised");
        assertOneLineFailure(cm("init", "--scheme", "hexagonal"), 2, "unknown scheme");
    }

    @Test
    @Order(2)
    void cellAddGivesTheFirstCellEveryBucketAndRefusesUnfitCells() throws Exception {
        CellManagerRun first = cm("cell", "add", "cell-1", "--url", url("cell-1"), "--json");
        assertEquals(0, first.exitCode(), first.err());
        assertEquals("0-16384", first.json().get("ranges").get(0).asText());
        CellManagerRun second = cm("cell", "add", "cell-2", "--url", url("cell-2"), "--json");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(0, second.json().get("ranges").size(), "later cells get buckets by a split");

        assertOneLineFailure(cm("cell", "add", "odd", "--url", odd.url().toString()), 1, "cells are identical");
        assertOneLineFailure(cm("cell", "add", "cell-1", "--url", url("cell-1")), 1, "cell-1");
        assertOneLineFailure(cm("cell", "add", "cell-3", "--url", "ftp://nowhere"), 2, "--url");
        assertOneLineFailure(cm("cell", "add", "Cell One!", "--url", url("cell-1")), 2, "cell");
        assertOneLineFailure(cm("cell", "add", "cell-9", "--url", "http://127.0.0.1:1"), 1, "did not answer");
        assertOneLineFailure(cm("cell", "add"), 2, "NAME");
    }

    @Test
    @Order(3)
    void cellListAsksEveryCellAndShowsADownCellAsDown() throws Exception {
        CellManagerRun list = cm("cell", "list", "--json");
        assertEquals(0, list.exitCode(), list.err());
        JsonNode cells = list.json();
        assertEquals(2, cells.size());
        for (JsonNode cell : cells) {
            assertTrue(cell.get("healthy").asBoolean(), cell.toString());
            assertEquals(CAPACITY, cell.get("capacity").asInt());
            assertEquals(0, cell.get("shapes").asInt());
            assertEquals("active", cell.get("state").asText());
        }
        deployment.cell("cell-2").service().pause();
        try {
            long start = System.nanoTime();
            CellManagerRun degraded = cm("cell", "list", "--json");
            assertEquals(0, degraded.exitCode(), "a down cell does not fail the command: " + degraded.err());
            assertFalse(degraded.json().get(1).get("healthy").asBoolean(), degraded.out());
            assertTrue(degraded.json().get(0).get("healthy").asBoolean(), degraded.out());
            assertTrue((System.nanoTime() - start) / 1_000_000_000 < 15, "a hung cell does not hang the command");
        } finally {
            deployment.cell("cell-2").service().resume();
        }
        CellManagerRun text = cm("cell", "list");
        assertTrue(text.out().contains("cell-1") && text.out().contains("0-16384"), text.out());
    }

    @Test
    @Order(4)
    void mapShowHistoryAndRollback() throws Exception {
        JsonNode map = cm("map", "show", "--json").json();
        assertEquals(3, map.get("version").asInt());
        assertEquals("tenant", map.get("scheme").asText());
        assertEquals("cell-1", map.get("ranges").get(0).get("cell").asText());
        assertEquals(2, cm("map", "show", "--version", "2", "--json").json().get("version").asInt());
        assertOneLineFailure(cm("map", "show", "--version", "99"), 1, "no map version 99");
        assertOneLineFailure(cm("map", "show", "--version", "two"), 2, "--version");

        JsonNode history = cm("map", "history", "--json").json();
        assertEquals(3, history.size());
        assertEquals(1, history.get(0).get("version").asInt());

        CellManagerRun rollback = cm("map", "rollback", "2", "--json");
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(4, rollback.json().get("version").asInt());
        assertOneLineFailure(cm("map", "rollback", "1"), 1, "without a cell");
        assertOneLineFailure(cm("map", "rollback", "42"), 1, "no map version 42");

        // cell-1 gives up half of its buckets (as after a split): a map handing them back to it is refused
        var admin = deployment.cellAdmin();
        BucketRange half = new BucketRange(8192, 16384);
        admin.setOwnership(deployment.cell("cell-1").url(), half, OwnershipState.FENCED, 5);
        admin.setOwnership(deployment.cell("cell-1").url(), half, OwnershipState.NONE, 5);
        assertOneLineFailure(cm("map", "rollback", "3"), 1, "no longer holds");
        assertEquals(4, cm("map", "show", "--json").json().get("version").asInt(), "a refused rollback writes nothing");
    }

    @Test
    @Order(5)
    void tenantsGetAKeyOnceAndCanBeRevoked() throws Exception {
        CellManagerRun create = cm("tenant", "create", "acme", "--json");
        assertEquals(0, create.exitCode(), create.err());
        assertTrue(create.json().get("apiKey").asText().startsWith("shp_"));
        String firstKeyId = create.json().get("keyId").asText();
        assertOneLineFailure(cm("tenant", "create", "acme"), 1, "tenant key add acme");
        CellManagerRun text = cm("tenant", "key", "add", "acme");
        assertEquals(0, text.exitCode(), text.err());
        String lastLine = text.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(lastLine.startsWith("shp_"), "the key is the last line: " + text.out());
        CellManagerRun revokeOne = cm("tenant", "key", "revoke", "acme", firstKeyId, "--json");
        assertEquals(0, revokeOne.exitCode(), revokeOne.err());
        assertEquals(firstKeyId, revokeOne.json().get("keyId").asText());
        assertOneLineFailure(cm("tenant", "key", "revoke", "acme", firstKeyId), 1, "no active key");
        assertOneLineFailure(cm("tenant", "key", "revoke", "acme", "not-a-key-id"), 2, "KEY-ID");
        assertOneLineFailure(cm("tenant", "key", "add", "nobody"), 1, "no tenant");
        assertOneLineFailure(cm("tenant", "create", "Not A Tenant"), 2, "tenant");
        assertEquals(0, cm("tenant", "revoke", "acme").exitCode(), "revokes the remaining key");
        List<io.shapes.control.AuditLog.Entry> audit = deployment.controlStore().audit().newest(100);
        assertTrue(audit.stream().anyMatch(e -> e.command().equals("cell-manager tenant key revoke acme " + firstKeyId
                + " --json") && e.actor().startsWith(System.getProperty("user.name") + "@")),
                "every command is audited with who ran it: " + audit);
        assertTrue(audit.stream().anyMatch(e -> e.command().startsWith("cell-manager init --scheme tenant")),
                "init audits itself once it has made the schema: " + audit);
        assertOneLineFailure(cm("tenant", "revoke", "acme"), 1, "no active key");
        assertEquals(0, cm("split", "list", "--json").json().size());
    }

    @Test
    @Order(6)
    void everyCommandExplainsItselfAndUsageErrorsAreOneLine() throws Exception {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("init"), List.of("cell"), List.of("cell", "add"),
                List.of("cell", "list"), List.of("cell", "split"), List.of("cell", "drain"), List.of("cell", "remove"),
                List.of("map", "show"), List.of("map", "history"), List.of("map", "rollback"),
                List.of("tenant", "create"), List.of("tenant", "revoke"), List.of("tenant", "key"),
                List.of("tenant", "key", "add"), List.of("tenant", "key", "revoke"), List.of("split", "list"), List.of("split", "resume"),
                List.of("split", "abort"))) {
            List<String> help = new ArrayList<>(command);
            help.add("--help");
            CellManagerRun run = cm(help.toArray(String[]::new));
            assertEquals(0, run.exitCode(), String.join(" ", help));
            assertTrue(run.out().contains("Example"), "--help of " + command + " shows an example");
        }
        assertOneLineFailure(cm("cell", "explode"), 2, "explode");
        assertOneLineFailure(cm("--bogus"), 2, "bogus");
        CellManagerRun noStore = run(Map.of(), "cell", "list");
        assertOneLineFailure(noStore, 2, "SHAPES_CONTROL_DB");
    }

    private String url(String cell) {
        return deployment.cell(cell).url().toString();
    }

    private static void assertOneLineFailure(CellManagerRun run, int exitCode, String mentions) {
        assertEquals(exitCode, run.exitCode(), "exit code; stderr: " + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(mentions), "the message mentions '" + mentions + "': " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    private CellManagerRun cm(String... args) throws Exception {
        return run(deployment.cellManagerEnvironment(), args);
    }

    private static CellManagerRun run(Map<String, String> env, String... args) {
        return CellManagerRun.run(env, Duration.ofSeconds(60), args);
    }
}
