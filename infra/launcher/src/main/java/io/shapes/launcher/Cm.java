package io.shapes.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cm", description = "Runs cell-manager against this deployment's control store and cells; its exit code"
        + " is returned.", footer = {"", "Examples:", "  infra/shapes cm cell list", "  infra/shapes cm map show --json"})
class Cm implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "cell-manager's arguments (try: cm --help)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        LocalDeployment deployment = StateDir.attach();
        return CellManagerRun.command(deployment.cellManagerEnvironment(), args).inheritIO().start().waitFor();
    }
}
