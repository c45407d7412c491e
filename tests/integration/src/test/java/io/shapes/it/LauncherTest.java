package io.shapes.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.http.ContentType;
import io.shapes.core.Json;
import io.shapes.deployment.Artifacts;
import io.shapes.deployment.Directories;
import io.shapes.deployment.Processes;

/** {@code infra/shapes} end to end: up, the API over HTTP, up again (a no-op), down with no process left, up with the data back. */
class LauncherTest {
    private final Path state = Path.of("target", "launcher-test", ".shapes").toAbsolutePath();

    /** What a launcher command printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    @AfterEach
    void downWhateverHappened() throws Exception {
        if (Files.exists(state.resolve("deployment.json"))) {
            shapes("down");
        }
    }

    @Test
    void upServesTheApiDownStopsEverythingAndUpBringsTheDataBack() throws Exception {
        Directories.deleteRecursively(state.getParent());
        Run up = shapes("up", "--cells", "2", "--routers", "1", "--autopilot");
        assertEquals(0, up.exitCode(), up.err());
        assertTrue(up.out().contains("Shapes is up") && up.out().contains("admin token") && up.out().contains("curl"),
                up.out());
        String demoKey = Files.readString(state.resolve("demo.key")).trim();
        assertTrue(up.out().contains(demoKey), "up prints the demo key");

        JsonNode status = status();
        assertEquals(1, status.get("routers").size());
        assertEquals(2, status.get("cells").size());
        status.get("routers").forEach(r -> assertTrue(r.get("healthy").asBoolean(), r.toString()));
        status.get("cells").forEach(c -> assertTrue(c.get("healthy").asBoolean(), c.toString()));
        String router = status.get("routers").get(0).get("url").asText();
        String routerManagement = status.get("routers").get(0).get("managementUrl").asText();
        given().baseUri(routerManagement).get("/q/health/ready").then().statusCode(200);
        given().baseUri(router).get("/q/health/ready").then().statusCode(401);
        List<Long> pids = new ArrayList<>();
        status.get("routers").forEach(r -> pids.add(r.get("pid").asLong()));
        status.get("cells").forEach(c -> pids.add(c.get("pid").asLong()));
        JsonNode autopilot = status.get("autopilot");
        assertTrue(autopilot.get("healthy").asBoolean(), "up --autopilot runs the autopilot beside it: " + autopilot);
        pids.add(autopilot.get("pid").asLong());
        assertTrue(shapes("status").out().contains("autopilot"), "status shows the autopilot");
        List<Path> postmasters = List.of(state.resolve("control-db/postmaster.pid"),
                state.resolve("cell-1/db/postmaster.pid"), state.resolve("cell-2/db/postmaster.pid"));
        for (Path postmaster : postmasters) {
            pids.add(Long.parseLong(Files.readAllLines(postmaster).get(0).trim()));
        }

        List<String> secrets = knownSecrets(demoKey);
        assertTrue(secrets.size() >= 8, "the deployment's tokens and passwords: " + secrets.size());
        assertEquals(List.of(), commandLinesWithASecret(secrets),
                "no process of the machine has a token or password on its command line (/proc/*/cmdline)");

        String id = given().baseUri(router).header("Authorization", "Bearer " + demoKey).contentType(ContentType.JSON)
                .body("{\"type\":\"circle\"}").post("/v1/tenants/demo/shapes").then().statusCode(201).extract().path("id");
        given().baseUri(router).header("Authorization", "Bearer " + demoKey).get("/v1/tenants/demo/shapes/" + id)
                .then().statusCode(200).body("type", equalTo("circle"));
        given().baseUri(router).header("Authorization", "Bearer " + demoKey).get("/v1/tenants/demo/counts")
                .then().statusCode(200).body("total", equalTo(1));

        Run mapShow = shapes("cm", "map", "show", "--version", "1", "--json"); // options between arguments, in place
        assertEquals(0, mapShow.exitCode(), mapShow.err());
        assertEquals(1, Json.MAPPER.readTree(mapShow.out()).get("version").asInt(), mapShow.out());

        Run again = shapes("up");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("already up"), again.out());

        Run unknown = shapes("kill", "cell-9");
        assertEquals(2, unknown.exitCode(), "an unknown process is a usage error");
        assertEquals(1, unknown.err().strip().lines().count(), "one line: " + unknown.err());

        long cell2Postmaster = Long.parseLong(Files.readAllLines(state.resolve("cell-2/db/postmaster.pid")).get(0)
                .trim());
        List<Long> cell2Server = new ArrayList<>(ProcessHandle.of(cell2Postmaster).orElseThrow().descendants()
                .map(ProcessHandle::pid).toList());
        cell2Server.add(cell2Postmaster);
        assertTrue(cell2Server.size() >= 5, "postmaster, background processes and the cell's backends: " + cell2Server);
        Run killDb = shapes("kill", "cell-2-db");
        assertEquals(0, killDb.exitCode(), killDb.err());
        for (long pid : cell2Server) {
            assertFalse(Processes.isRunning(pid), "process " + pid + " of cell-2's PostgreSQL is gone when kill"
                    + " returns: a crash takes the whole server, its backends too");
        }

        Run down = shapes("down");
        assertEquals(0, down.exitCode(), down.err());
        for (long pid : pids) {
            assertFalse(Processes.isRunning(pid), "process " + pid + " is gone after down");
        }

        Run back = shapes("up");
        assertEquals(0, back.exitCode(), back.err());
        JsonNode statusAgain = status();
        assertTrue(statusAgain.get("autopilot").get("healthy").asBoolean(), "the autopilot is back with the deployment: "
                + statusAgain.get("autopilot"));
        String routerAgain = statusAgain.get("routers").get(0).get("url").asText();
        given().baseUri(routerAgain).header("Authorization", "Bearer " + demoKey).get("/v1/tenants/demo/shapes/" + id)
                .then().statusCode(200).body("type", equalTo("circle"));
    }

    /** Every secret of the deployment: tokens (deployment.json), the demo key and each database login's password. */
    private List<String> knownSecrets(String demoKey) throws Exception {
        JsonNode record = Json.MAPPER.readTree(Files.readString(state.resolve("deployment.json")));
        List<String> secrets = new ArrayList<>(List.of(demoKey, record.get("adminToken").asText(),
                record.get("cellTokens").get("dataToken").asText(), record.get("cellTokens").get("adminToken").asText()));
        try (var files = Files.walk(state)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".credentials")).toList()) {
                secrets.add(Files.readString(file).trim());
            }
        }
        return secrets;
    }

    /** The pids whose command line holds one of {@code secrets}. */
    private static List<String> commandLinesWithASecret(List<String> secrets) throws Exception {
        List<String> found = new ArrayList<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path proc : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String commandLine;
                try {
                    commandLine = new String(Files.readAllBytes(proc.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException gone) {
                    continue;
                }
                for (String secret : secrets) {
                    if (!secret.isEmpty() && commandLine.contains(secret)) {
                        found.add(proc.getFileName() + ": " + commandLine.replace('\0', ' ').substring(0,
                                Math.min(120, commandLine.length())) + "…");
                    }
                }
            }
        }
        return found;
    }

    private JsonNode status() throws Exception {
        Run status = shapes("status", "--json");
        assertEquals(0, status.exitCode(), status.err());
        return Json.MAPPER.readTree(status.out());
    }

    private Run shapes(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Artifacts.repositoryRoot().resolve("infra/shapes").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("shapes-out", ".txt");
        Path err = Files.createTempFile("shapes-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(Map.of("SHAPES_STATE_DIR", state.toString()));
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("infra/shapes " + String.join(" ", args) + " did not finish in 180 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
