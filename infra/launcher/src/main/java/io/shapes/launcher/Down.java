package io.shapes.launcher;

import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops every process of the deployment; the data stays for the next 'up'.",
        footer = {"", "Example:", "  infra/shapes down"})
class Down implements Runnable {
    @Override
    public void run() {
        LocalDeployment deployment = StateDir.attach();
        if (!deployment.isAnyPartRunning()) {
            System.out.println("Shapes is not running; nothing to stop.");
            return;
        }
        deployment.close();
        System.out.println("Shapes is down; data kept in " + StateDir.path() + " for the next 'up'.");
    }
}
