package io.shapes.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSamplerTest {
    @TempDir
    Path dir;

    @Test
    void theHeapAfterTheLatestCollectionIsReadFromTheGcLog() throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, String.join("\n",
                "[2026-12-02T16:30:01.001+0000][1.234s] Using G1",
                "[2026-12-02T16:30:05.001+0000][5.234s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->6M(256M) 4.1ms",
                "[2026-12-02T16:31:05.001+0000][65.234s] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 130M->18M(256M) 6.0ms",
                "[2026-12-02T16:32:05.001+0000][125.234s] GC(2) Pause Full (System.gc()) 60M->15M(256M) 41.5ms",
                "[2026-12-02T16:32:06.001+0000][126.234s] GC(3) Concurrent Mark Cycle 3.2ms", ""));
        assertEquals(OptionalDouble.of(15), ProcessSampler.heapAfterLastGc(log), "the latest pause, a full one");
        Files.writeString(log, "[0.010s][info][gc] Using Serial\n[2.5s][info][gc] GC(0) Pause Young (Allocation"
                + " Failure) 307M->41M(491M) 25.337ms\n");
        assertEquals(OptionalDouble.of(41), ProcessSampler.heapAfterLastGc(log), "the serial collector's line");
        Files.writeString(log, "[0.010s][info][gc] Using G1\n");
        assertTrue(ProcessSampler.heapAfterLastGc(log).isEmpty(), "no collection yet");
        assertTrue(ProcessSampler.heapAfterLastGc(dir.resolve("absent.log")).isEmpty(), "no log");
    }

    @Test
    void thisJvmIsReadFromProc() {
        ProcessSampler.Reading reading = ProcessSampler.jvm(ProcessHandle.current().pid(), dir.resolve("none.log"));
        assertTrue(reading.rssMb() > 10, "resident memory: " + reading);
        assertTrue(reading.threads() >= 2, "threads: " + reading);
        assertTrue(reading.openFiles() >= 3, "open files: " + reading);
        assertTrue(Double.isNaN(reading.heapAfterGcMb()), "no GC log, no figure: " + reading);
    }

    @Test
    void connectionsToTheServicePortAreCountedApartFromTheOtherFiles() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (var server = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            ProcessSampler.Reading before = ProcessSampler.jvm(pid, dir.resolve("none"), server.getLocalPort());
            assertEquals(0, before.clientConnections(), "no client yet: " + before);
            try (var client = new java.net.Socket(server.getInetAddress(), server.getLocalPort());
                    var accepted = server.accept()) {
                ProcessSampler.Reading during = ProcessSampler.jvm(pid, dir.resolve("none"), server.getLocalPort());
                assertEquals(1, during.clientConnections(), "the accepted connection, not the client's end: " + during);
                assertEquals(before.openFiles() + 1, during.openFiles(), "the client's end is another file: " + during);
            }
        }
        assertTrue(Double.isNaN(ProcessSampler.jvm(pid, dir.resolve("none")).clientConnections()), "no port, no figure");
    }

    @Test
    void aProcessTreeSumsItsProcesses() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessSampler.Reading tree = ProcessSampler.postgres(ProcessHandle.current().pid());
            ProcessSampler.Reading alone = ProcessSampler.jvm(ProcessHandle.current().pid(), dir.resolve("none"));
            assertTrue(tree.threads() >= 2, "this JVM and its child are two processes: " + tree);
            assertTrue(tree.openFiles() >= alone.openFiles(), "files of the tree: " + tree + " vs " + alone);
        } finally {
            child.destroy();
        }
    }
}
