package io.shapes.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** Exit codes and messages: 2 and one line for a usage error, 1 and one line for a failure; never a stack trace. */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    /** The application's command line with these rules; produce it from a CDI bean of the application. */
    public static CommandLine commandLine(PicocliCommandLineFactory factory) {
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
