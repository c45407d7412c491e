package io.shapes.launcher;

import io.shapes.cli.UsageException;
import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Chaos by hand: sends a signal to a cell, a cell's database (NAME-db), a router, the publisher or"
                + " control-db.",
        footer = {"", "Examples:", "  infra/shapes kill cell-2", "  infra/shapes kill cell-2 --signal STOP",
                "  infra/shapes kill cell-2-db", "  infra/shapes kill control-db"})
class Kill implements Runnable {
    /** The signals a person replays chaos with. */
    enum Signal { KILL, STOP, CONT }

    @Parameters(paramLabel = "NAME", description = "cell-N, cell-N-db, router-N, publisher, console, autopilot or control-db")
    String name;

    @Option(names = "--signal", defaultValue = "KILL", description = "KILL (crash), STOP (hang) or CONT (resume)")
    Signal signal;

    @Override
    public void run() {
        LocalDeployment deployment = StateDir.attach();
        Target target = Target.parse(name, deployment);
        if (target instanceof Target.CellDatabase || target instanceof Target.ControlDatabase) {
            if (signal != Signal.KILL) {
                throw new UsageException("--signal " + signal + " applies to cells, routers and the publisher;"
                        + " databases take KILL");
            }
        }
        if (target instanceof Target.Cell cell) {
            apply(deployment.cell(cell.name()).service(), signal);
        } else if (target instanceof Target.Router router) {
            apply(deployment.routers().stream().filter(r -> r.name().equals(router.name())).findFirst().orElseThrow()
                    .service(), signal);
        } else if (target instanceof Target.CellDatabase db) {
            deployment.cell(db.cell()).killDatabase();
        } else if (target instanceof Target.Autopilot) {
            apply(deployment.autopilot().orElseThrow().service(), signal);
        } else if (target instanceof Target.Console) {
            apply(deployment.console().orElseThrow().service(), signal);
        } else if (target instanceof Target.Publisher) {
            apply(deployment.publisherIfStarted().orElseThrow(() -> new IllegalStateException(
                    "the publisher was never started")).service(), signal);
        } else {
            deployment.controlStoreNode().killDatabase();
        }
        System.out.println("sent SIG" + signal + " to " + name);
    }

    private static void apply(io.shapes.deployment.ServiceProcess process, Signal signal) {
        if (!process.isAlive()) {
            throw new IllegalStateException(process.name() + " is not running");
        }
        switch (signal) {
            case KILL -> process.kill();
            case STOP -> process.pause();
            case CONT -> process.resume();
        }
    }
}
