package io.shapes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the whole machine spent busy (every process: clients, routers, cells, PostgreSQL), read from
 * {@code /proc/stat}. Dividing it by the operations of a run gives the CPU cost of one operation, which bounds the
 * throughput of a machine with this many cores and explains where latency goes when the cores are the limit.
 */
public final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");
    private static final double MS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

    private MachineCpu() {
    }

    /** Busy CPU milliseconds since boot, summed over all cores; NaN where {@code /proc/stat} is not there. */
    public static double busyMs() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                boolean idle = i == 4 || i == 5; // idle, iowait
                busy += idle ? 0 : Long.parseLong(fields[i]);
            }
            return busy * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
