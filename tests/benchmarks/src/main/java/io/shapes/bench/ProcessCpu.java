package io.shapes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One process's CPU time and resident memory, from {@code /proc/PID/stat} and {@code /proc/PID/status}: what a
 * router or the control plane costs on its own, apart from the rest of the machine.
 */
public final class ProcessCpu {
    private static final double MS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

    private ProcessCpu() {
    }

    /** User plus system CPU milliseconds the process has used; 0 when it is gone. */
    public static double cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK; // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU milliseconds of the process and every process it started (a PostgreSQL server and its backends). */
    public static double treeCpuMs(long pid) {
        return cpuMs(pid) + ProcessHandle.of(pid).map(p -> p.descendants().mapToDouble(d -> cpuMs(d.pid())).sum())
                .orElse(0.0);
    }

    /** Resident memory in MiB; 0 when the process is gone. */
    public static double rssMib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0) / 1024.0;
        } catch (IOException e) {
            return 0;
        }
    }
}
