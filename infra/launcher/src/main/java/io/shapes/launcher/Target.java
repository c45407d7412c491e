package io.shapes.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shapes.cli.UsageException;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.AutopilotNode;
import io.shapes.deployment.ConsoleNode;
import io.shapes.deployment.PublisherNode;

/**
 * What a process name in {@code kill} and {@code restart} means, decided before anything is done: a cell
 * ({@code cell-1}), a cell's database ({@code cell-1-db}), a router ({@code router-1}), the {@code publisher} of the
 * routing snapshot, the {@code autopilot}, the {@code console} or {@code control-db}.
 */
sealed interface Target {
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    record Cell(String name) implements Target {
    }

    record CellDatabase(String cell) implements Target {
    }

    record Router(String name) implements Target {
    }

    record ControlDatabase() implements Target {
    }

    record Publisher() implements Target {
    }

    record Autopilot() implements Target {
    }

    record Console() implements Target {
    }

    /** Resolves {@code name} against the deployment; an unknown name is a usage error naming the known ones. */
    static Target parse(String name, LocalDeployment deployment) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UsageException("not a process name: " + name);
        }
        if (name.equals("control-db")) {
            return new ControlDatabase();
        }
        if (name.equals(PublisherNode.NAME)) {
            return new Publisher();
        }
        if (name.equals(ConsoleNode.NAME) && deployment.console().isPresent()) {
            return new Console();
        }
        if (name.equals(AutopilotNode.NAME) && deployment.autopilot().isPresent()) {
            return new Autopilot();
        }
        if (deployment.routers().stream().anyMatch(r -> r.name().equals(name))) {
            return new Router(name);
        }
        if (deployment.cells().stream().anyMatch(c -> c.name().equals(name))) {
            return new Cell(name);
        }
        Matcher db = Pattern.compile("(.+)-db").matcher(name);
        if (db.matches() && deployment.cells().stream().anyMatch(c -> c.name().equals(db.group(1)))) {
            return new CellDatabase(db.group(1));
        }
        throw new UsageException("no process " + name + "; known: control-db, publisher, "
                + (deployment.autopilot().isPresent() ? "autopilot, " : "")
                + (deployment.console().isPresent() ? "console, " : "")
                + String.join(", ", deployment.cells().stream().map(c -> c.name() + ", " + c.name() + "-db").toList())
                + ", " + String.join(", ", deployment.routers().stream().map(r -> r.name()).toList()));
    }
}
