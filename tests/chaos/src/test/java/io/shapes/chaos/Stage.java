package io.shapes.chaos;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;

/**
 * What a scenario acts on: the deployment, the proxy in front of cell-3, the test network (where the machine has
 * one), cell-manager; and notes for the report.
 */
record Stage(LocalDeployment deployment, FaultyProxy proxy, Optional<TestNetwork> network, List<String> notes) {
    Stage(LocalDeployment deployment, FaultyProxy proxy, Optional<TestNetwork> network) {
        this(deployment, proxy, network, new CopyOnWriteArrayList<>());
    }

    /** The test network; a scenario that needs it runs only where it exists. */
    TestNetwork requireNetwork() {
        return network.orElseThrow(() -> new IllegalStateException("no test network on this machine"));
    }

    /**
     * Runs cell-manager at the idle CPU priority ({@code SCHED_IDLE}): an operator runs it from elsewhere, while here
     * every part shares two cores, and its start-up would otherwise be charged to the cells it does not touch.
     * Niced, its start-up (0.7 s of CPU within a second) still slowed the bystanders' requests of split-crash's
     * first second: 39 slower than their baseline's p99 over 6 runs, against about 4 in any other second. At idle
     * priority, which gives way at once to any task that wakes: 18 over 5 runs. The work cell-manager asks of the
     * cells runs in the cells, at their own priority, and counts.
     */
    CellManagerRun cellManager(Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(deployment.cellManagerEnvironment());
        environment.putAll(env);
        ProcessBuilder command = CellManagerRun.command(environment, List.of(args));
        command.command().addAll(0, List.of("chrt", "--idle", "0"));
        return CellManagerRun.run(command, Duration.ofMinutes(3));
    }

    /** Runs a split command of cell-manager ({@code --json}) and fails unless it exits 0 with the split {@code done}. */
    CellManagerRun splitToTheEnd(String... args) {
        CellManagerRun run = cellManager(Map.of(), args);
        if (run.exitCode() != 0 || !"done".equals(run.json().get("phase").asText())) {
            throw new AssertionError("cell-manager " + String.join(" ", args) + " finishes the split: " + run.out()
                    + run.err());
        }
        return run;
    }

    void note(String line) {
        notes.add(line);
    }
}
