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

    /**
     * CPU milliseconds of the process and every process it started (a PostgreSQL server and its backends): those
     * still running, and those that ended and were reaped by it (its {@code cutime} and {@code cstime}), so that a
     * backend that exits during a measurement does not take its CPU time with it.
     */
    public static double treeCpuMs(long pid) {
        return cpuMs(pid) + field(pid, 13) + field(pid, 14)
                + ProcessHandle.of(pid).map(p -> p.descendants().mapToDouble(d -> cpuMs(d.pid())).sum()).orElse(0.0);
    }

    /** Field {@code index} (0-based, counted after the command name) of {@code /proc/PID/stat}, in ms. */
    private static double field(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+")[index]) * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
