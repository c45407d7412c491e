package io.shapes.launcher;

import io.shapes.cli.UsageException;
import io.shapes.core.Names;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "start-cell", mixinStandardHelpOptions = true,
        description = "Starts one more empty cell with its own PostgreSQL and prints its URL (last line); register it"
                + " with 'infra/shapes cm cell add NAME --url URL'.",
        footer = {"", "Example:", "  infra/shapes start-cell cell-4"})
class StartCell implements Runnable {
    @Parameters(paramLabel = "NAME", description = "the new cell's name, e.g. cell-4")
    String name;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(name));
        LocalDeployment deployment = StateDir.attach();
        if (deployment.cells().stream().anyMatch(c -> c.name().equals(name))) {
            throw new UsageException("there is a cell " + name + " already");
        }
        System.err.println("starting " + name + " and its PostgreSQL ...");
        CellNode cell = deployment.startCell(name);
        System.out.println(cell.url());
    }
}
