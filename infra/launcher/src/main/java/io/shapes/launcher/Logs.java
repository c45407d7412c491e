package io.shapes.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.shapes.cli.UsageException;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.PublisherNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints the end of a process's log.",
        footer = {"", "Example:", "  infra/shapes logs router-1 --lines 50"})
class Logs implements Runnable {
    @Parameters(paramLabel = "NAME", description = "cell-N, cell-N-db, router-N, publisher, console, autopilot or control-db")
    String name;

    @Option(names = "--lines", defaultValue = "200", description = "how many lines (default ${DEFAULT-VALUE})")
    int lines;

    @Override
    public void run() {
        if (lines < 1 || lines > 1_000_000) {
            throw new UsageException("--lines must be 1..1000000");
        }
        LocalDeployment deployment = StateDir.attach();
        Target target = Target.parse(name, deployment);
        Path dir = deployment.directory();
        Path log;
        if (target instanceof Target.Cell cell) {
            log = deployment.cell(cell.name()).service().log();
        } else if (target instanceof Target.Router router) {
            log = dir.resolve(router.name()).resolve("router.log");
        } else if (target instanceof Target.CellDatabase db) {
            log = dir.resolve(db.cell()).resolve("db").resolve("server.log");
        } else if (target instanceof Target.Publisher) {
            log = dir.resolve(PublisherNode.NAME).resolve("publisher.log");
        } else if (target instanceof Target.Console) {
            log = deployment.console().orElseThrow().service().log();
        } else if (target instanceof Target.Autopilot) {
            log = deployment.autopilot().orElseThrow().service().log();
        } else {
            log = dir.resolve("control-db").resolve("server.log");
        }
        try {
            var all = Files.readAllLines(log);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
        } catch (IOException e) {
            throw new IllegalStateException("no log at " + log);
        }
    }
}
