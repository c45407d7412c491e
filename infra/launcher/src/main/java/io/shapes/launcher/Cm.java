package io.shapes.launcher;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cm", mixinStandardHelpOptions = true,
        description = "Runs cell-manager against this deployment's control store.",
        footer = {"", "Example:", "  infra/shapes cm cell list"})
class Cm implements Runnable {
    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "cell-manager's arguments")
    List<String> args;

    @Override
    public void run() {
        throw new IllegalStateException("cell-manager is not built yet; until it is, the deployment's map is set by"
                + " 'up' (buckets spread evenly over the cells)");
    }
}
