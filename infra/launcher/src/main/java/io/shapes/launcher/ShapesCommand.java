package io.shapes.launcher;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code infra/shapes}: runs a whole Shapes deployment on this machine (API.md section 3). */
@TopCommand
@Command(name = "shapes", mixinStandardHelpOptions = true, version = "shapes 0.1.0",
        description = "Runs a whole Shapes deployment on this machine; state under .shapes/.",
        footer = {"", "Example:", "  infra/shapes up --cells 3 --routers 2 --scheme tenant"},
        subcommands = {Up.class, Down.class, Status.class, StartCell.class, Kill.class, Restart.class, Logs.class,
                Cm.class})
public class ShapesCommand {
}
