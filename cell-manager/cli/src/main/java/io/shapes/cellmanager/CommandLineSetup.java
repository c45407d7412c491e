package io.shapes.cellmanager;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.shapes.cli.ExitCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** cell-manager's command line follows the shared exit-code rules. */
@ApplicationScoped
public class CommandLineSetup {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return ExitCodes.commandLine(factory);
    }
}
