package io.shapes.cellmanager.autopilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shapes.cli.UsageException;

class ProvisionerTest {
    @TempDir
    Path dir;

    @Test
    void anOperatorsCommandGetsTheNameLastAndItsLastLineIsTheUrl() throws Exception {
        Path script = dir.resolve("new-cell");
        Files.writeString(script, "#!/bin/sh\necho \"starting $2 in zone $1\" >&2\necho 'some output'\necho \"http://$2.internal:8081\"\n");
        script.toFile().setExecutable(true);
        Provisioner provisioner = Provisioner.parse(script + " b", Map.of(), dir);
        assertEquals(URI.create("http://cell-7.internal:8081"), provisioner.provision("cell-7"));
    }

    @Test
    void aCommandThatFailsOrPrintsNoUrlIsAnErrorThatNamesIt() throws Exception {
        Path failing = dir.resolve("failing");
        Files.writeString(failing, "#!/bin/sh\nexit 4\n");
        failing.toFile().setExecutable(true);
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> Provisioner.parse(failing.toString(), Map.of(), dir).provision("cell-2"));
        assertTrue(failed.getMessage().contains("exited with 4") && failed.getMessage().contains("failing cell-2"),
                failed.getMessage());
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> Provisioner.parse("echo ready", Map.of(), dir).provision("cell-2"));
        assertTrue(noUrl.getMessage().contains("no cell URL") && noUrl.getMessage().contains("ready cell-2"),
                noUrl.getMessage());
    }

    @Test
    void malformedSpecsAndMissingLaunchersAreUsageErrors() {
        assertThrows(UsageException.class, () -> Provisioner.parse(" ", Map.of(), dir));
        assertThrows(UsageException.class, () -> Provisioner.parse("x".repeat(1_001), Map.of(), dir));
        assertThrows(UsageException.class, () -> Provisioner.parse("new-cell\n--now", Map.of(), dir));
        UsageException launcher = assertThrows(UsageException.class, () -> Provisioner.parse("launcher", Map.of(), dir));
        assertTrue(launcher.getMessage().contains("SHAPES_LAUNCHER"), launcher.getMessage());
        assertThrows(UsageException.class, () -> Provisioner.parse("k8s", Map.of(), dir));
    }

    @Test
    void kubernetesRendersTheCellOnceAndAppliesTheOverlay() throws Exception {
        Path k8s = dir.resolve("k8s");
        Files.createDirectories(k8s.resolve("overlays/local/cells"));
        Files.writeString(k8s.resolve("add-cell"), "#!/bin/sh\n");
        k8s.resolve("add-cell").toFile().setExecutable(true);
        KubernetesProvisioner provisioner = KubernetesProvisioner.from(Map.of("SHAPES_K8S_DIR", k8s.toString()), dir);
        String overlay = k8s.resolve("overlays/local").toAbsolutePath().toString();
        assertEquals(List.of(List.of(k8s.resolve("add-cell").toAbsolutePath().toString(), "cell-4", "local"),
                List.of("kubectl", "apply", "-k", overlay)), provisioner.commands("cell-4"));
        Files.writeString(k8s.resolve("overlays/local/cells/cell-4.yaml"), "");
        assertEquals(List.of(List.of("kubectl", "apply", "-k", overlay)), provisioner.commands("cell-4"),
                "rendered already: only applied again");
        assertThrows(UsageException.class, () -> KubernetesProvisioner.from(Map.of("SHAPES_K8S_DIR", k8s.toString(),
                "SHAPES_K8S_OVERLAY", "../../etc"), dir));
    }
}
