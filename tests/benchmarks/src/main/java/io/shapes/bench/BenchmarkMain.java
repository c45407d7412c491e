package io.shapes.bench;

/**
 * Runs a benchmark as a program ({@code -Dbenchmark.main}, in Maven's own JVM): exits 0 when it finishes, and 1 with
 * its failure printed when it fails. Without the exit, the load generators' Vert.x threads would keep the JVM, and
 * Maven with it, waiting after a failure, until someone killed it.
 */
final class BenchmarkMain {
    /** A whole benchmark run. */
    interface Run {
        void run() throws Exception;
    }

    private BenchmarkMain() {
    }

    static void run(Run benchmark) {
        try {
            benchmark.run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            System.out.flush();
            System.exit(1);
        }
        System.exit(0);
    }
}
