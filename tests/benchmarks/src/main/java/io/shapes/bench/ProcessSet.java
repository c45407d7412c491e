package io.shapes.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The processes a request goes through, by name — a router JVM, a cell JVM, a PostgreSQL server with its backends,
 * the load generator — whose CPU time a benchmark reads before and after each run ({@link ProcessCpu}), so that it
 * reports CPU per operation for each process and not only for the whole machine.
 */
public final class ProcessSet {
    private final Map<String, Long> processes = new LinkedHashMap<>();
    private final Map<String, Long> trees = new LinkedHashMap<>();

    /** A process on its own (a JVM). */
    public ProcessSet process(String name, long pid) {
        processes.put(name, pid);
        return this;
    }

    /** A process with every process it started (a PostgreSQL server and its backends). */
    public ProcessSet tree(String name, long pid) {
        trees.put(name, pid);
        return this;
    }

    /** This JVM: the load generator. */
    public ProcessSet loadGenerator() {
        return process("load generator", ProcessHandle.current().pid());
    }

    /** CPU milliseconds each process has used so far, in the order they were added. */
    public Map<String, Double> cpuMs() {
        Map<String, Double> used = new LinkedHashMap<>();
        processes.forEach((name, pid) -> used.put(name, ProcessCpu.cpuMs(pid)));
        trees.forEach((name, pid) -> used.put(name, ProcessCpu.treeCpuMs(pid)));
        return used;
    }

    /** CPU milliseconds per operation of each process between two readings. */
    public static Map<String, Double> perOperation(Map<String, Double> before, Map<String, Double> after, long operations) {
        Map<String, Double> per = new LinkedHashMap<>();
        after.forEach((name, ms) -> per.put(name, (ms - before.getOrDefault(name, 0.0)) / Math.max(1, operations)));
        return per;
    }
}
