package io.shapes.launcher;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.shapes.cli.ExitCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * The launcher's command line follows the shared exit-code rules; {@code cm} hands everything after it to
 * cell-manager as it was typed, options and their values in place.
 */
@ApplicationScoped
public class CommandLineSetup {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine commandLine = ExitCodes.commandLine(factory);
        commandLine.getSubcommands().get("cm").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        return commandLine;
    }
}
