package io.shapes.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.shapes.deployment.CellManagerRun;

/** A fault, how long it lasts and its recovery; which cell it hurts, if any (its tenants are the victims). */
enum Scenario {
    KILL_CELL("kill-cell", "SIGKILL cell-2's process; restart it", "cell-2", true) {
        @Override
        void inject(Stage stage) {
            stage.deployment().cell("cell-2").service().kill();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().cell("cell-2").restart();
        }
    },
    KILL_CELL_DB("kill-cell-db", "SIGKILL cell-2's PostgreSQL; restart it", "cell-2", true) {
        @Override
        void inject(Stage stage) {
            stage.deployment().cell("cell-2").killDatabase();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().cell("cell-2").restartDatabase();
        }
    },
    HANG_CELL("hang-cell", "SIGSTOP cell-2 (a hung, gray failure); SIGCONT", "cell-2", true) {
        @Override
        void inject(Stage stage) {
            stage.deployment().cell("cell-2").service().pause();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().cell("cell-2").service().resume();
        }
    },
    KILL_ROUTER("kill-router", "SIGKILL router-2 while clients use both routers; restart it", null, false) {
        @Override
        void inject(Stage stage) {
            stage.deployment().router(1).service().kill();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().router(1).restart();
        }
    },
    KILL_CONTROL_STORE("kill-control-store", "SIGKILL the control store's PostgreSQL; restart it", null, false) {
        @Override
        void inject(Stage stage) {
            stage.deployment().controlStoreNode().killDatabase();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().controlStoreNode().startDatabase();
        }
    },
    KILL_PUBLISHER("kill-publisher", "SIGKILL the publisher of the routing snapshot; restart it", null, false) {
        @Override
        void inject(Stage stage) {
            stage.deployment().publisher().service().kill();
        }

        @Override
        void heal(Stage stage) {
            stage.deployment().publisher().restart();
        }
    },
    SPLIT_CRASH("split-crash", "cell-manager dies in the middle of splitting cell-1 into cell-4; 'split resume'",
            "cell-1", false) {
        @Override
        void inject(Stage stage) {
            CellManagerRun crashed = stage.cellManager(Map.of("SHAPES_SPLIT_CRASH_AFTER", "catching-up"), "cell",
                    "split", "cell-1", "--into", "cell-4");
            if (crashed.exitCode() != 3) {
                throw new AssertionError("the split was to die after 'catching-up': " + crashed.err());
            }
        }

        @Override
        void heal(Stage stage) {
            var splits = stage.cellManager(Map.of(), "split", "list", "--json").json();
            String id = splits.get(splits.size() - 1).get("splitId").asText();
            CellManagerRun resumed = stage.splitToTheEnd("split", "resume", id, "--json");
            stage.note("split resumed: " + resumed.out().strip());
        }

        @Override
        List<String> victimCells() {
            return List.of("cell-1", "cell-4");
        }
    },
    PARTITION_CELL("partition-cell", "cell-2's link goes down (test network): what the routers send it is dropped,"
            + " not refused; the link comes up again", "cell-2", true) {
        @Override
        void inject(Stage stage) {
            stage.requireNetwork().partition("cell-2");
        }

        @Override
        void heal(Stage stage) {
            stage.requireNetwork().heal("cell-2");
        }
    },
    ASYMMETRIC_PARTITION("asymmetric-partition", "cell-2 drops every packet it sends to the routers (test network),"
            + " while cell-manager, which still reaches it, splits it into cell-5; healed", "cell-2", true) {
        @Override
        void inject(Stage stage) {
            stage.requireNetwork().dropTraffic("cell-2", "router-1");
            CellManagerRun split = stage.splitToTheEnd("cell", "split", "cell-2", "--into", "cell-5", "--json");
            stage.note("split while the routers were cut off: " + split.out().strip());
        }

        @Override
        void heal(Stage stage) {
            stage.requireNetwork().heal("cell-2");
        }

        @Override
        List<String> victimCells() {
            return List.of("cell-2", "cell-5");
        }
    },
    SLOW_NETWORK("slow-network", "the network to cell-3 adds 1.5 s to every answer and resets 20% of new"
            + " connections (TCP proxy); healed", "cell-3", true) {
        @Override
        void inject(Stage stage) {
            stage.proxy().degrade(1500, 0.2);
        }

        @Override
        void heal(Stage stage) {
            stage.proxy().heal();
        }
    };

    private final String wireName;
    private final String description;
    private final String victim;
    private final boolean cellFault;

    Scenario(String wireName, String description, String victim, boolean cellFault) {
        this.wireName = wireName;
        this.description = description;
        this.victim = victim;
        this.cellFault = cellFault;
    }

    abstract void inject(Stage stage);

    abstract void heal(Stage stage);

    /**
     * How long the fault lasts before its recovery starts. Long enough that the moment of the fault itself (a killed
     * process's teardown costs the shared test machine a short stall) is well under 1 % of the bystanders' requests
     * that the p99 check sees, so that p99 measures the fault, not one instant of it.
     */
    Duration lasts() {
        return Duration.ofSeconds(20);
    }

    String wireName() {
        return wireName;
    }

    String description() {
        return description;
    }

    /** The cell whose tenants the fault hurts: fail-fast and recovery are checked for it. */
    Optional<String> failedCell() {
        return cellFault ? Optional.of(victim) : Optional.empty();
    }

    /** Whether it needs the test network ({@link TestNetwork}): it runs only where the machine can make one. */
    boolean needsTestNetwork() {
        return this == PARTITION_CELL || this == ASYMMETRIC_PARTITION;
    }

    /** Cells whose tenants may see errors; every other tenant is a bystander. */
    List<String> victimCells() {
        return victim == null ? List.of() : List.of(victim);
    }

    static Scenario parse(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown chaos scenario '" + name + "'"));
    }
}
