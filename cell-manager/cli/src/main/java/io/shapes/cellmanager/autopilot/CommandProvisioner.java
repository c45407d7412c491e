package io.shapes.cellmanager.autopilot;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.shapes.cli.UsageException;

/**
 * Provisions cells with an operator's command: its words (split on spaces, no shell) and the new cell's name as the
 * last argument. It must print the cell's URL as its last line, and print the same URL when asked again for a cell it
 * started already.
 */
record CommandProvisioner(List<String> words) implements Provisioner {
    private static final int MAX_LENGTH = 1_000;

    static CommandProvisioner parse(String spec) {
        if (spec.isBlank() || spec.length() > MAX_LENGTH || spec.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--provisioner must be launcher, k8s or a command of at most " + MAX_LENGTH
                    + " characters without control characters");
        }
        return new CommandProvisioner(Arrays.stream(spec.strip().split(" +")).toList());
    }

    List<String> command(String name) {
        List<String> command = new ArrayList<>(words);
        command.add(name);
        return command;
    }

    @Override
    public URI provision(String name) {
        return Provisioner.lastLineUrl(command(name), ProvisionCommand.run(command(name), Path.of("").toAbsolutePath()));
    }

    @Override
    public String describe() {
        return "the command '" + String.join(" ", words) + " NAME'";
    }
}
