package io.shapes.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;

/** Exit codes and messages: 2 and one line for a usage error, 1 and one line for a failure; never a stack trace. */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** Longest message printed: a hostile argument echoed in a message must not flood the terminal. */
    static final int MAX_MESSAGE = 300;

    private ExitCodes() {
    }

    /** The application's command line with these rules; produce it from a CDI bean of the application. */
    public static CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("error: " + oneLine(e.getMessage()) + " (see --help)");
                    return USAGE;
                })
                .setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
                    Throwable e = unwrapped(thrown);
                    commandLine.getErr().println("error: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
                    return e instanceof UsageException ? USAGE : FAILURE;
                });
    }

    /** The failure itself, not the wrapper that an asynchronous call put around it. */
    static Throwable unwrapped(Throwable e) {
        Throwable inner = e;
        while ((inner instanceof CompletionException || inner instanceof ExecutionException) && inner.getCause() != null) {
            inner = inner.getCause();
        }
        return inner;
    }

    /**
     * {@code message} as one short, safe line: line breaks, terminal escapes and other control or direction-changing
     * characters are shown escaped (an argument echoed in a message can neither forge a second line nor recolour
     * the terminal), and an overlong message is cut.
     */
    static String oneLine(String message) {
        StringBuilder line = new StringBuilder(escaped(message));
        if (line.length() <= MAX_MESSAGE) {
            return line.toString();
        }
        int cut = Character.isHighSurrogate(line.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
        return line.substring(0, cut) + "…";
    }

    /** {@code text} with line breaks, terminal escapes and other control or direction-changing characters escaped. */
    public static String escaped(String text) {
        StringBuilder line = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                line.append(c == '\n' ? "\\n" : String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
