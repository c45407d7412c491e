package io.shapes.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process holds, read from {@code /proc}: resident memory, threads and open files; for a JVM also the heap
 * after its latest garbage collection (from its {@code -Xlog:gc} file); for a PostgreSQL server the sum over the
 * postmaster and its backends, proportional set size (shared buffers counted once).
 */
final class ProcessSampler {
    private static final Pattern HEAP_AFTER = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private ProcessSampler() {
    }

    /** One reading of one process. NaN where a figure does not apply. */
    record Reading(double rssMb, double heapAfterGcMb, double threads, double openFiles) {
    }

    /** A JVM: its resident set, threads, files, and the heap after the latest collection in {@code gcLog}. */
    static Reading jvm(long pid, Path gcLog) {
        return new Reading(statusKb(pid, "VmRSS") / 1024.0, heapAfterLastGc(gcLog).orElse(Double.NaN),
                statusKb(pid, "Threads"), openFiles(pid));
    }

    /** A PostgreSQL server: the postmaster and every process it started, memory as proportional set size. */
    static Reading postgres(long postmasterPid) {
        List<ProcessHandle> tree = Stream.concat(ProcessHandle.of(postmasterPid).stream(),
                ProcessHandle.of(postmasterPid).stream().flatMap(ProcessHandle::descendants)).toList();
        double pssKb = tree.stream().mapToDouble(p -> pssKb(p.pid())).sum();
        double files = tree.stream().mapToDouble(p -> openFiles(p.pid())).sum();
        return new Reading(pssKb / 1024.0, Double.NaN, tree.size(), files);
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
