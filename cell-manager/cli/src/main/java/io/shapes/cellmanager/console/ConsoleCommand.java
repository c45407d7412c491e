package io.shapes.cellmanager.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.shapes.cellmanager.Connection;
import io.shapes.cli.UsageException;
import io.shapes.core.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serves the read-only operations console: cells with health and fill (the 45 % line marked), the"
                + " map as a strip of its 16,384 buckets with its history, splits with progress and write pause, routers,"
                + " and the tenants with the most shapes; the page refreshes by itself.",
                "It asks for the deployment's admin token once and shows nothing without it. The token it accepts comes"
                        + " from SHAPES_ADMIN_TOKEN (or the file named by SHAPES_ADMIN_TOKEN_FILE), never the command line."},
        footer = {"", "Example:", "  cell-manager console --listen 127.0.0.1:8070 --router router-1=http://127.0.0.1:9000"})
public class ConsoleCommand implements Runnable {
    @Mixin
    Connection connection;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8070",
            description = "where to serve the console (default ${DEFAULT-VALUE})")
    String listen;

    @Option(names = "--management", paramLabel = "HOST:PORT",
            description = "also serve /q/health/live and /q/health/ready here (for an orchestrator's probes)")
    String management;

    @Option(names = "--router", paramLabel = "NAME=URL",
            description = "a router's management URL, to show its map age, load and breakers (repeatable)")
    List<String> routers = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "how many of the largest tenants to show (1..100, default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "2",
            description = "how often the page refreshes (1..60, default ${DEFAULT-VALUE})")
    int refresh;

    @Override
    public void run() {
        if (top < 1 || top > 100) {
            throw new UsageException("--top must be 1..100");
        }
        if (refresh < 1 || refresh > 60) {
            throw new UsageException("--refresh must be 1..60 seconds");
        }
        List<RouterMetricsSource> sources = new ArrayList<>();
        for (String router : routers) {
            try {
                sources.add(RouterMetricsSource.parse(router));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        String token = adminToken();
        InetSocketAddress address = io.shapes.cellmanager.ListenAddress.parse("--listen", listen, "127.0.0.1:8070");
        InetSocketAddress health = management == null ? null
                : io.shapes.cellmanager.ListenAddress.parse("--management", management, "0.0.0.0:9000");
        Overview overview = new Overview(connection.reader(), connection.cells(), sources, top);
        try (ConsoleServer console = ConsoleServer.start(address, token, overview::look, refresh);
                HealthServer probes = health == null ? null : HealthServer.start(health, overview::controlStoreAnswers)) {
            System.err.println("console at http://" + address.getHostString() + ":" + console.port() + "/");
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the console on " + listen + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String adminToken() {
        try {
            String token = Secrets.fromEnvironment("SHAPES_ADMIN_TOKEN", System.getenv()).orElseThrow(
                    () -> new UsageException("no admin token: set SHAPES_ADMIN_TOKEN or SHAPES_ADMIN_TOKEN_FILE"));
            Secrets.requireStrongToken("SHAPES_ADMIN_TOKEN", token);
            return token;
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
