package io.shapes.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import io.shapes.cli.UsageException;
import io.shapes.core.Scheme;
import io.shapes.deployment.ConsoleNode;
import io.shapes.deployment.LocalDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Starts the control store, N cells (each with its own PostgreSQL) and M routers; on a fresh"
                + " directory also spreads the buckets over the cells and creates the tenant 'demo'. After 'down',"
                + " starts the same deployment again with its data.",
        footer = {"", "Examples:", "  infra/shapes up --cells 3 --routers 2 --scheme tenant --shard-size 2",
                "  infra/shapes up --cells 1 --cell-capacity 100000 --autopilot"})
class Up implements Runnable {
    static final String DEMO_KEY = "demo.key";
    private static final int FIRST_ROUTER_PORT = 8080;

    @Option(names = "--cells", defaultValue = "3", description = "cells of a new deployment (default ${DEFAULT-VALUE})")
    int cells;

    @Option(names = "--routers", defaultValue = "2", description = "routers of a new deployment (default ${DEFAULT-VALUE})")
    int routers;

    @Option(names = "--scheme", defaultValue = "tenant",
            description = "tenant, type or id-range: how shapes map to cells (default ${DEFAULT-VALUE})")
    String scheme;

    @Option(names = "--shard-size", defaultValue = "2", paramLabel = "K",
            description = "cells in a new tenant's placement under the tenant scheme; 1 puts each tenant in one cell"
                    + " (default ${DEFAULT-VALUE})")
    int shardSize;

    @Option(names = "--autopilot", description = "also run 'cell-manager autopilot' beside the deployment: it splits a"
            + " cell at 45 %% of its capacity into a cell it starts with this launcher (log: .shapes/autopilot/)")
    boolean autopilot;

    @Option(names = "--cell-capacity", paramLabel = "SHAPES", description = "shapes per cell of a new deployment"
            + " (default: the cells' standard size)")
    Long cellCapacity;

    @Override
    public void run() {
        Scheme parsedScheme = parseScheme();
        if (cells < 1 || cells > 64 || routers < 1 || routers > 16) {
            throw new UsageException("--cells must be 1..64 and --routers 1..16");
        }
        if (shardSize < 1 || shardSize > 64) {
            throw new UsageException("--shard-size must be 1..64");
        }
        if (cellCapacity != null && (cellCapacity < 100 || cellCapacity > 1_000_000_000_000L)) {
            throw new UsageException("--cell-capacity must be 100..1,000,000,000,000 shapes");
        }
        Path dir = StateDir.path();
        Optional<LocalDeployment> existing = LocalDeployment.attach(dir);
        if (existing.isPresent() && existing.get().isAnyPartRunning()) {
            if (autopilot && existing.get().autopilot().map(a -> !a.isRunning()).orElse(true)) {
                existing.get().startAutopilot(List.of());
                System.out.println("Shapes is already up in " + dir + "; started the autopilot beside it.");
                Status.print(existing.get(), false);
                return;
            }
            System.out.println("Shapes is already up in " + dir + "; nothing changed.");
            Status.print(existing.get(), false);
            return;
        }
        long start = System.nanoTime();
        System.err.println(existing.isPresent() ? "starting the deployment saved in " + dir + " ..."
                : "starting a new deployment in " + dir + ": control store, " + cells + " cell(s), " + routers
                        + " router(s), scheme " + parsedScheme.wireName() + ", shard size " + shardSize + " ...");
        LocalDeployment.Settings settings = LocalDeployment.Settings.defaults().scheme(parsedScheme).cells(cells)
                .routers(routers).shardSize(shardSize).detached(true)
                .cellCapacity(cellCapacity == null ? LocalDeployment.Settings.defaults().cellCapacity() : cellCapacity).firstRouterPort(FIRST_ROUTER_PORT).jvmOptions(List.of("-Xmx256m"));
        LocalDeployment deployment = LocalDeployment.start(dir, settings,
                step -> System.err.printf("[%3ds] %s%n", (System.nanoTime() - start) / 1_000_000_000, step));
        if (autopilot) {
            deployment.startAutopilot(List.of());
            System.err.printf("[%3ds] autopilot running (log %s)%n", (System.nanoTime() - start) / 1_000_000_000,
                    deployment.autopilot().orElseThrow().service().log());
        }
        boolean consoleRan = deployment.console().isPresent();
        ConsoleNode console = deployment.startConsole();
        if (!consoleRan) {
            System.err.printf("[%3ds] console at %s%n", (System.nanoTime() - start) / 1_000_000_000, console.url());
        }
        String demoKey = demoKey(deployment, dir);
        String router = deployment.router(0).url().toString();
        awaitKnownKey(router, demoKey);
        System.out.println();
        System.out.println("Shapes is up (" + (System.nanoTime() - start) / 1_000_000_000 + " s).");
        deployment.routers().forEach(r -> System.out.println("  router   " + r.name() + "  " + r.url()));
        System.out.println("  console  " + console.url() + "  (sign in with the admin token)");
        deployment.autopilot().ifPresent(a -> System.out.println("  autopilot    pre-scaling at 45 %, log "
                + a.service().log()));
        System.out.println("  admin token  " + deployment.adminToken());
        System.out.println("  demo key     " + demoKey);
        System.out.println();
        System.out.println("Try:");
        System.out.println("  curl -s -X POST " + router + "/v1/tenants/demo/shapes -H 'Authorization: Bearer " + demoKey
                + "' -H 'Content-Type: application/json' -d '{\"type\":\"circle\"}'");
        System.out.println("  curl -s " + router + "/v1/tenants/demo/counts -H 'Authorization: Bearer " + demoKey + "'");
    }

    /** Routers read new keys with their next map refresh (about a second): wait so that the example works at once. */
    private static void awaitKnownKey(String router, String key) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(router
                + "/v1/tenants/demo/counts")).header("Authorization", "Bearer " + key).build();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("router " + router + " did not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("router " + router + " did not learn the demo key within 30 s");
    }

    private Scheme parseScheme() {
        try {
            return Scheme.parse(scheme);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scheme must be tenant, type or id-range, not " + scheme);
        }
    }

    /** The demo tenant's key: created with the deployment, kept in .shapes/demo.key (0600). */
    private static String demoKey(LocalDeployment deployment, Path dir) {
        Path file = dir.resolve(DEMO_KEY);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String key = deployment.issueKey("demo");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not keep the demo key in " + file, e);
        }
    }
}
