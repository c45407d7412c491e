package io.shapes.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.shapes.deployment.LocalDeployment;

/**
 * The test bed the chaos rounds share (ChaosSuiteTest's class comment says why each setting): where a deployment
 * lives, its JVMs' settings, and the end of its warm-up.
 */
final class ChaosBed {
    /** Five PostgreSQL clusters with their write-ahead logs, with room to spare. */
    private static final long MEMORY_NEEDED = 4L << 30;

    private ChaosBed() {
    }

    /** Memory-backed storage ({@code /dev/shm/NAME}) when the machine has room for it, otherwise {@code fallback}. */
    static Path directory(String name, Path fallback) throws IOException {
        Path memory = Path.of("/dev/shm");
        boolean room = Files.isDirectory(memory) && Files.isWritable(memory)
                && Files.getFileStore(memory).getUsableSpace() >= MEMORY_NEEDED;
        return room ? memory.resolve(name) : fallback;
    }

    /** The routers' and cells' production defaults; only the JVMs' settings and the cells' pool size are the bed's. */
    static LocalDeployment.Settings settings(Path dir) {
        return LocalDeployment.Settings.defaults()
                .jvmOptions(List.of("-Xms512m", "-Xmx512m", "-Xmn384m", "-XX:MetaspaceSize=256m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":time,uptime"))
                .cellProperty("quarkus.datasource.reactive.max-size", "8");
    }

    /**
     * Has every cell and router collect the garbage of its start (ChaosSuiteTest's warm-up says why): a JVM's first
     * young collection copies everything its start left alive, once, and must not fall into a fault's window.
     */
    static void collectStartupGarbage(LocalDeployment deployment) throws IOException, InterruptedException {
        List<Long> services = new ArrayList<>();
        deployment.cells().forEach(cell -> services.add(cell.service().pid()));
        deployment.routers().forEach(router -> services.add(router.service().pid()));
        for (long pid : services) {
            collectGarbage(pid);
        }
    }

    /** A full collection in the JVM {@code pid} ({@code jcmd PID GC.run}, the JDK's jcmd beside this java). */
    static void collectGarbage(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process collect = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!collect.waitFor(30, TimeUnit.SECONDS) || collect.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run failed");
        }
    }
}
