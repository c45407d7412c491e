package io.shapes.postgres;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadOwnerTest {
    @TempDir
    Path dir;

    @Test
    void aJvmThatExitsStopsItsServer() throws Exception {
        Process owner = startOwner("exit");
        long postmaster = readPostmasterPid(owner);
        owner.waitFor();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !isAlive(postmaster));
    }

    @Test
    void aServerWhoseJvmWasKilledIsStoppedByTheNextStart() throws Exception {
        Process owner = startOwner("stay");
        long postmaster = readPostmasterPid(owner);
        owner.destroyForcibly().waitFor();
        assertTrue(isAlive(postmaster), "SIGKILL skips the shutdown hook, so the server is still up");
        OrphanReaper.reap();
        await().atMost(Duration.ofSeconds(30)).until(() -> !isAlive(postmaster));
    }

    private Process startOwner(String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerOwnerMain.class.getName(),
                dir.resolve("data").toString(), mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static long readPostmasterPid(Process owner) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream()));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("postmaster ")) {
                return Long.parseLong(line.substring("postmaster ".length()));
            }
        }
        throw new AssertionError("the owner JVM did not report its server");
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
