package io.shapes.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process holds, read from {@code /proc}: resident memory, threads and open files; for a JVM also the heap
 * after its latest garbage collection (from its {@code -Xlog:gc} file) and, apart from its other files, the client
 * connections established on its service port (how many its clients keep open is theirs to choose); for a PostgreSQL
 * server the sum over the postmaster and its backends, proportional set size (shared buffers counted once).
 */
final class ProcessSampler {
    /** The state of an established connection in {@code /proc/net/tcp}. */
    private static final String ESTABLISHED = "01";
    private static final Pattern HEAP_AFTER = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ProcessSampler() {
    }

    /**
     * One reading of one process. NaN where a figure does not apply. {@code openFiles} does not count the
     * {@code clientConnections}.
     */
    record Reading(double rssMb, double heapAfterGcMb, double threads, double openFiles, double clientConnections) {
    }

    /** A JVM: its resident set, threads, files, and the heap after the latest collection in {@code gcLog}. */
    static Reading jvm(long pid, Path gcLog) {
        return jvm(pid, gcLog, -1);
    }

    /**
     * Like {@link #jvm(long, Path)}, the connections established to {@code servicePort} (-1: none) counted apart:
     * a socket closed by the client but not by the service (CLOSE_WAIT, a leak) still counts among the open files.
     */
    static Reading jvm(long pid, Path gcLog, int servicePort) {
        double clients = servicePort < 0 ? 0 : clientConnections(pid, servicePort);
        return new Reading(statusKb(pid, "VmRSS") / 1024.0, heapAfterLastGc(gcLog).orElse(Double.NaN),
                statusKb(pid, "Threads"), openFiles(pid) - clients, servicePort < 0 ? Double.NaN : clients);
    }

    /**
     * The process's sockets that are connections established to its {@code port}: the inodes of such connections in
     * its network namespace's TCP tables ({@code /proc/PID/net/tcp}, {@code tcp6}), matched with its descriptors.
     */
    static double clientConnections(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        String localPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table))) {
                    String[] f = line.strip().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    if (f.length > 9 && f[1].endsWith(localPort) && f[3].equals(ESTABLISHED)) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6), or the process is gone
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.filter(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** A PostgreSQL server: the postmaster and every process it started, memory as proportional set size. */
    static Reading postgres(long postmasterPid) {
        List<ProcessHandle> tree = Stream.concat(ProcessHandle.of(postmasterPid).stream(),
                ProcessHandle.of(postmasterPid).stream().flatMap(ProcessHandle::descendants)).toList();
        double pssKb = tree.stream().mapToDouble(p -> pssKb(p.pid())).sum();
        double files = tree.stream().mapToDouble(p -> openFiles(p.pid())).sum();
        return new Reading(pssKb / 1024.0, Double.NaN, tree.size(), files, Double.NaN);
    }

    /** The heap in use after the latest collection logged in {@code gcLog} (MB), if any was logged. */
    static OptionalDouble heapAfterLastGc(Path gcLog) {
        try {
            if (!Files.isRegularFile(gcLog)) {
                return OptionalDouble.empty();
            }
            List<String> lines = Files.readAllLines(gcLog);
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = HEAP_AFTER.matcher(lines.get(i));
                if (lines.get(i).contains("Pause") && m.find()) {
                    return OptionalDouble.of(Double.parseDouble(m.group(2)));
                }
            }
            return OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    private static double statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Double.parseDouble(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return Double.NaN;
    }

    private static double pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Double.parseDouble(line.substring(4).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not ours to read
        }
        return 0;
    }

    private static double openFiles(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
