package io.shapes.launcher;

import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Starts a process again (killing it first if it still runs) on its port, with its data.",
        footer = {"", "Examples:", "  infra/shapes restart cell-2", "  infra/shapes restart control-db"})
class Restart implements Runnable {
    @Parameters(paramLabel = "NAME", description = "cell-N, cell-N-db, router-N, publisher, console, autopilot or control-db")
    String name;

    @Override
    public void run() {
        LocalDeployment deployment = StateDir.attach();
        Target target = Target.parse(name, deployment);
        if (target instanceof Target.Cell cell) {
            deployment.cell(cell.name()).restart();
        } else if (target instanceof Target.Router router) {
            deployment.routers().stream().filter(r -> r.name().equals(router.name())).findFirst().orElseThrow()
                    .restart();
        } else if (target instanceof Target.CellDatabase db) {
            deployment.cell(db.cell()).restartDatabase();
        } else if (target instanceof Target.Autopilot) {
            deployment.autopilot().orElseThrow().restart();
        } else if (target instanceof Target.Console) {
            deployment.console().orElseThrow().restart();
        } else if (target instanceof Target.Publisher) {
            deployment.publisher().restart();
        } else {
            deployment.controlStoreNode().stopDatabase();
            deployment.controlStoreNode().startDatabase();
        }
        deployment.save();
        System.out.println(name + " is running again");
    }
}
