package io.shapes.launcher;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Exit codes and messages: 2 and one line for a usage error, 1 and one line for a failure; never a stack trace. */
@ApplicationScoped
public class CommandLineSetup {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see --help)");
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return e instanceof UsageException ? USAGE : FAILURE;
                });
    }
}
