package io.shapes.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.core.Json;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Every process of the deployment with its pid, port and health.",
        footer = {"", "Example:", "  infra/shapes status --json"})
class Status implements Runnable {
    @Option(names = "--json", description = "one JSON document: routers, cells, adminToken, controlDb")
    boolean json;

    @Override
    public void run() {
        print(StateDir.attach(), json);
    }

    static void print(LocalDeployment deployment, boolean json) {
        List<Map<String, Object>> routers = deployment.routers().stream().map(r -> describe(r.service())).toList();
        List<Map<String, Object>> cells = deployment.cells().stream().map(c -> {
            Map<String, Object> cell = describe(c.service());
            cell.put("databaseRunning", c.database().map(db -> db.isRunning()).orElse(false));
            return cell;
        }).toList();
        String controlDb = deployment.controlDatabase().map(db -> db.jdbcUrl()).orElse("not running");
        Map<String, Object> publisher = deployment.publisherIfStarted().map(p -> describe(p.service())).orElse(null);
        Map<String, Object> console = deployment.console().map(c -> describe(c.service())).orElse(null);
        Map<String, Object> autopilot = deployment.autopilot().map(a -> {
            Map<String, Object> described = describe(a.service());
            described.remove("url");
            described.remove("managementUrl");
            described.put("healthy", a.isRunning());
            described.put("log", a.service().log().toString());
            described.put("lastOperation", lastOperation(deployment));
            return described;
        }).orElse(null);
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("routers", routers);
            document.put("cells", cells);
            document.put("adminToken", deployment.adminToken());
            document.put("controlDb", controlDb);
            document.put("publisher", publisher);
            document.put("autopilot", autopilot);
            document.put("console", console);
            System.out.println(Json.write(document));
            return;
        }
        System.out.printf("%-12s %-28s %-28s %-8s %s%n", "NAME", "URL", "HEALTH AND METRICS", "PID", "HEALTH");
        for (Map<String, Object> process : concat(routers, cells)) {
            System.out.printf("%-12s %-28s %-28s %-8s %s%n", process.get("name"), process.get("url"),
                    process.get("managementUrl"),
                    (long) process.get("pid") < 0 ? "-" : process.get("pid"),
                    (boolean) process.get("healthy") ? "ready" : "down");
        }
        if (publisher != null) {
            System.out.printf("%-12s %-28s %-28s %-8s %s%n", "publisher", publisher.get("url"), "-",
                    (long) publisher.get("pid") < 0 ? "-" : publisher.get("pid"),
                    (boolean) publisher.get("healthy") ? "serving" : "down");
        }
        if (console != null) {
            System.out.printf("%-12s %-28s %-28s %-8s %s%n", "console", console.get("url"), "-",
                    (long) console.get("pid") < 0 ? "-" : console.get("pid"),
                    (boolean) console.get("healthy") ? "serving" : "down");
        }
        if (autopilot != null) {
            System.out.printf("%-12s %-57s %-8s %s%n", "autopilot", "last: " + autopilot.get("lastOperation"),
                    (long) autopilot.get("pid") < 0 ? "-" : autopilot.get("pid"),
                    (boolean) autopilot.get("healthy") ? "running" : "down");
        }
        System.out.printf("%-12s %s%n", "control-db", controlDb);
    }

    /** The autopilot's newest operation, in a line; "none" before its first, "unknown" if the store does not answer. */
    private static String lastOperation(LocalDeployment deployment) {
        if (deployment.controlDatabase().isEmpty()) {
            return "unknown";
        }
        try {
            return deployment.controlStore().autopilot().newest(1).stream().findFirst()
                    .map(op -> op.kind().wireName() + " " + op.source() + " → " + op.target() + ": " + op.state().wireName()
                            + " (" + op.updatedAt() + ")")
                    .orElse("none");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<String, Object> describe(ServiceProcess process) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", process.name());
        map.put("url", process.url().toString());
        map.put("managementUrl", process.managementUrl().toString());
        map.put("pid", process.pid());
        map.put("healthy", process.isAlive() && process.isReady());
        return map;
    }

    private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
