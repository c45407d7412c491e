package io.shapes.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shapes.control.ControlStore;
import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;

/**
 * cell-manager given malformed, oversized and malicious arguments, options and settings: each one is refused with exit
 * code 2 (a usage error) or 1 (refused by the control plane), one line on stderr that names the problem, no stack
 * trace, promptly; and the control store (cells, map versions, splits, tenants) is exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellManagerHostileInputTest {
    private static final String LONG = "a".repeat(10_000);
    private static final Duration PROMPTLY = Duration.ofSeconds(30);

    /** One hostile command line: what it must exit with and a word its one-line message must contain. */
    private record Case(String name, List<String> args, Map<String, String> env, int exitCode, String mentions) {
        Case(String name, int exitCode, String mentions, String... args) {
            this(name, List.of(args), Map.of(), exitCode, mentions);
        }
    }

    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(2).routers(0).cellCapacity(1000));
    private LocalDeployment deployment;
    private String before;
    private final Map<Case, CellManagerRun> runs = new LinkedHashMap<>();

    @BeforeAll
    void runEveryCaseAgainstARealDeployment() throws Exception {
        deployment = deployments.get();
        deployment.createTenant("acme");
        before = controlStoreContents();
        ExecutorService pool = Executors.newFixedThreadPool(2); // two cores: one JVM start each
        try {
            Map<Case, Future<CellManagerRun>> pending = new LinkedHashMap<>();
            for (Case c : cases()) {
                Map<String, String> env = new HashMap<>(deployment.cellManagerEnvironment());
                env.putAll(c.env());
                pending.put(c, pool.submit(() -> CellManagerRun.run(env, PROMPTLY, c.args().toArray(String[]::new))));
            }
            for (var entry : pending.entrySet()) {
                runs.put(entry.getKey(), entry.getValue().get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("path traversal as a cell name", 2, "cell", "cell", "add", "../../etc/passwd", "--url",
                        "http://127.0.0.1:1"),
                new Case("newline in a cell name", 2, "cell", "cell", "add", "cell-9\nFAKE LOG LINE", "--url",
                        "http://127.0.0.1:1"),
                new Case("terminal escape in a cell name", 2, "cell", "cell", "add", "\u001b[31mred", "--url",
                        "http://127.0.0.1:1"),
                new Case("unicode cell name", 2, "cell", "cell", "add", "céll-ü", "--url", "http://127.0.0.1:1"),
                new Case("right-to-left override in a cell name", 2, "cell", "cell", "add", "cell\u202e9", "--url",
                        "http://127.0.0.1:1"),
                new Case("SQL in a cell name", 2, "cell", "cell", "add", "x'; DROP TABLE cells; --", "--url",
                        "http://127.0.0.1:1"),
                new Case("10,000-character cell name", 2, "cell", "cell", "add", LONG, "--url", "http://127.0.0.1:1"),
                new Case("empty cell name", 2, "cell", "cell", "add", "", "--url", "http://127.0.0.1:1"),
                new Case("URL that is not one", 2, "--url", "cell", "add", "cell-9", "--url", "not a url"),
                new Case("file URL", 2, "--url", "cell", "add", "cell-9", "--url", "file:///etc/passwd"),
                new Case("broken IPv6 URL", 2, "--url", "cell", "add", "cell-9", "--url", "http://[::1"),
                new Case("empty URL", 2, "--url", "cell", "add", "cell-9", "--url", ""),
                new Case("URL with credentials and a script", 2, "--url", "cell", "add", "cell-9", "--url",
                        "javascript:alert(1)"),
                new Case("10,000-character URL", 2, "--url", "cell", "add", "cell-9", "--url",
                        "http://" + LONG + ".example"),
                new Case("option without its value", 2, "--url", "cell", "add", "cell-9", "--url"),
                new Case("unknown cell to split", 1, "ghost", "cell", "split", "ghost", "--into", "cell-2"),
                new Case("split into a path", 2, "cell", "cell", "split", "cell-1", "--into", "../cell-2"),
                new Case("split into itself", 2, "itself", "cell", "split", "cell-1", "--into", "cell-1"),
                new Case("split without --into", 2, "--into", "cell", "split", "cell-1"),
                new Case("split with an extra argument", 2, "cell-2", "cell", "split", "cell-1", "cell-2", "--into",
                        "cell-3"),
                new Case("drain an unknown cell", 1, "ghost", "cell", "drain", "ghost"),
                new Case("SQL as the cell to drain", 2, "cell", "cell", "drain", "'; DELETE FROM map_versions; --"),
                new Case("remove a cell that holds ranges", 1, "cell-1", "cell", "remove", "cell-1"),
                new Case("remove a 10,000-character cell", 2, "cell", "cell", "remove", LONG),
                new Case("negative threshold", 2, "--threshold", "cell", "list", "--threshold", "-5"),
                new Case("threshold over 100 %", 2, "--threshold", "cell", "list", "--threshold", "1000"),
                new Case("threshold that is not a number", 2, "--threshold", "cell", "list", "--threshold", "NaN"),
                new Case("cell list with an extra argument", 2, "surplus", "cell", "list", "surplus"),
                new Case("rollback to a word", 2, "V", "map", "rollback", "abc"),
                new Case("rollback to a negative version", 2, "V", "map", "rollback", "-1"),
                new Case("rollback to a version beyond 64 bits", 2, "V", "map", "rollback", "99999999999999999999"),
                new Case("rollback to a version not written", 1, "no map version", "map", "rollback", "424242"),
                new Case("show a version in exponent form", 2, "--version", "map", "show", "--version", "1e3"),
                new Case("move a range that is not one", 2, "range", "cell", "move", "a-b", "--to", "cell-2"),
                new Case("move a backwards range", 2, "range", "cell", "move", "9-3", "--to", "cell-2"),
                new Case("move a range past the last bucket", 2, "16385", "cell", "move", "0-16385", "--to", "cell-2"),
                new Case("move to a path", 2, "cell", "cell", "move", "0-10", "--to", "../cell-2"),
                new Case("move without --to", 2, "--to", "cell", "move", "0-10"),
                new Case("move to an unknown cell", 1, "ghost", "cell", "move", "0-10", "--to", "ghost"),
                new Case("merge into itself", 2, "itself", "cell", "merge", "cell-1", "--into", "cell-1"),
                new Case("merge SQL", 2, "cell", "cell", "merge", "'; DROP TABLE cells; --", "--into", "cell-1"),
                new Case("merge with a negative threshold", 2, "threshold", "cell", "merge", "cell-1", "--into",
                        "cell-2", "--threshold", "-1"),
                new Case("merge with a threshold that is not a number", 2, "--threshold", "cell", "merge", "cell-1",
                        "--into", "cell-2", "--threshold", "lots"),
                new Case("merge an unknown cell", 1, "ghost", "cell", "merge", "ghost", "--into", "cell-1"),
                new Case("verify an unknown cell", 1, "ghost", "cell", "verify", "ghost"),
                new Case("autopilot with a threshold over 100", 2, "--threshold", "autopilot", "--once", "--dry-run",
                        "--threshold", "150"),
                new Case("autopilot merging above its threshold", 2, "--merge-below", "autopilot", "--once",
                        "--dry-run", "--merge-below", "50"),
                new Case("autopilot every 'soon'", 2, "--interval", "autopilot", "--once", "--dry-run", "--interval",
                        "soon"),
                new Case("autopilot every 1 ms", 2, "--interval", "autopilot", "--once", "--dry-run", "--interval",
                        "1ms"),
                new Case("autopilot cooling down for 10,000 digits", 2, "--cool-down", "autopilot", "--once",
                        "--dry-run", "--cool-down", "9".repeat(10_000) + "s"),
                new Case("autopilot with 0 moves", 2, "--max-moves", "autopilot", "--once", "--dry-run", "--max-moves",
                        "0"),
                new Case("autopilot with a provisioner of control characters", 2, "--provisioner", "autopilot",
                        "--once", "--dry-run", "--provisioner", "start\ncell"),
                new Case("autopilot with an oversized provisioner", 2, "--provisioner", "autopilot", "--once",
                        "--dry-run", "--provisioner", "x".repeat(5_000)),
                new Case("autopilot with a launcher that is not there", 2, "SHAPES_LAUNCHER", "autopilot", "--once",
                        "--provisioner", "launcher"),
                new Case("verify a path", 2, "cell", "cell", "verify", "../etc"),
                new Case("verify a split id that is not a number", 2, "ID", "split", "verify", "1; rm -rf /"),
                new Case("verify an unknown split", 1, "no split", "split", "verify", "987654"),
                new Case("resume a split id that is not a number", 2, "ID", "split", "resume", "not-a-number"),
                new Case("resume an unknown split", 1, "no split", "split", "resume", "987654"),
                new Case("abort a split id with a path", 2, "ID", "split", "abort", "../../1"),
                new Case("SQL as a tenant", 2, "tenant", "tenant", "create", "'; DROP TABLE tenants; --"),
                new Case("newline in a tenant", 2, "tenant", "tenant", "create", "acme\nadmin"),
                new Case("unicode tenant", 2, "tenant", "tenant", "create", "ténant"),
                new Case("10,000-character tenant", 2, "tenant", "tenant", "create", LONG),
                new Case("empty tenant to revoke", 2, "tenant", "tenant", "revoke", ""),
                new Case("empty scheme", 2, "scheme", "init", "--scheme", ""),
                new Case("zero cell capacity", 2, "--cell-capacity", "init", "--scheme", "tenant",
                        "--cell-capacity", "0"),
                new Case("unknown option", 2, "--drop-everything", "map", "show", "--drop-everything"),
                new Case("control store URL that is not one", 2, "--control-db", "map", "show", "--control-db",
                        "http://x"),
                new Case("a password on the command line", 2, "password", "map", "show", "--control-db",
                        "jdbc:postgresql://127.0.0.1:5432/shapes?user=shapes&password=hunter2"),
                new Case("the removed token option", 2, "--internal-token", "cell", "list", "--internal-token",
                        "0123456789abcdef0123456789abcdef"),
                new Case("a key id with SQL", 2, "KEY-ID", "tenant", "key", "revoke", "acme", "' or 1=1 --"),
                new Case("a key id that is a key", 2, "KEY-ID", "tenant", "key", "revoke", "acme",
                        "shp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                new Case("a key for a tenant with a path", 2, "tenant", "tenant", "key", "add", "../acme")));
        cases.add(new Case("malformed SHAPES_CONTROL_DB", List.of("map", "show"),
                Map.of("SHAPES_CONTROL_DB", "jdbc:postgresql://127.0.0.1:port/shapes"), 2, "SHAPES_CONTROL_DB"));
        cases.add(new Case("SHAPES_CONTROL_DB pointing to another kind of database", List.of("map", "show"),
                Map.of("SHAPES_CONTROL_DB", "jdbc:mysql://127.0.0.1:3306/shapes"), 2, "SHAPES_CONTROL_DB"));
        cases.add(new Case("a short cell admin token", List.of("cell", "list"),
                Map.of("SHAPES_CELL_ADMIN_TOKEN", "short"), 2, "32 characters"));
        cases.add(new Case("a placeholder cell admin token", List.of("cell", "list"),
                Map.of("SHAPES_CELL_ADMIN_TOKEN", "replace-me-cell-admin-token-00000"), 2, "placeholder"));
        cases.add(new Case("a token file that is not a file", List.of("cell", "list"),
                Map.of("SHAPES_CELL_ADMIN_TOKEN", "", "SHAPES_CELL_ADMIN_TOKEN_FILE", "/"), 2, "not a regular file"));
        cases.add(new Case("publish without a directory", 2, "--to", "publish", "--watch"));
        cases.add(new Case("publish every 'abc'", 2, "--period", "publish", "--to", "target/hostile-publication",
                "--period", "abc"));
        cases.add(new Case("publish every 0 s", 2, "--period", "publish", "--to", "target/hostile-publication",
                "--period", "0s"));
        cases.add(new Case("publish every 10,000-digit ms", 2, "--period", "publish", "--to",
                "target/hostile-publication", "--period", "9".repeat(10_000) + "ms"));
        cases.add(new Case("serve on an address that is not one", 2, "--serve", "publish", "--to",
                "target/hostile-publication", "--watch", "--serve", "nonsense"));
        cases.add(new Case("serve on port 99999", 2, "--serve", "publish", "--to", "target/hostile-publication",
                "--watch", "--serve", "127.0.0.1:99999"));
        cases.add(new Case("publish into /proc", 1, "cannot publish", "publish", "--to", "/proc/shapes-publication"));
        cases.add(new Case("console showing 0 tenants", 2, "--top", "console", "--top", "0"));
        cases.add(new Case("console refreshing every 10,000 s", 2, "--refresh", "console", "--refresh", "10000"));
        cases.add(new Case("console showing a router without its URL", 2, "--router", "console", "--router",
                "router-1"));
        cases.add(new Case("console showing a router at a file URL", 2, "--router", "console", "--router",
                "router-1=file:///etc/passwd"));
        cases.add(new Case("console without the admin token", List.of("console"), Map.of(), 2, "SHAPES_ADMIN_TOKEN"));
        cases.add(new Case("console with a short admin token", List.of("console"),
                Map.of("SHAPES_ADMIN_TOKEN", "short"), 2, "32 characters"));
        cases.add(new Case("console on an address that is not one", List.of("console", "--listen", "nonsense"),
                Map.of("SHAPES_ADMIN_TOKEN", "a-console-admin-token-of-32-chars!"), 2, "--listen"));
        cases.add(new Case("init with a cell without its URL", 2, "--cell", "init", "--scheme", "tenant", "--cell",
                "cell-9"));
        cases.add(new Case("init with a path as a cell name", 2, "cell name", "init", "--scheme", "tenant", "--cell",
                "../cell-9=http://127.0.0.1:1"));
        cases.add(new Case("init with a file URL", 2, "--cell cell-9=URL", "init", "--scheme", "tenant", "--cell",
                "cell-9=file:///etc/passwd"));
        cases.add(new Case("init with one cell twice", 2, "twice", "init", "--scheme", "tenant", "--cell",
                "cell-9=http://127.0.0.1:1", "--cell", "cell-9=http://127.0.0.1:2"));
        cases.add(new Case("spread to width 0", 2, "--width", "tenant", "spread", "acme", "--width", "0"));
        cases.add(new Case("spread to a width that is a word", 2, "--width", "tenant", "spread", "acme", "--width",
                "wide"));
        cases.add(new Case("spread to a 20-digit width", 2, "--width", "tenant", "spread", "acme", "--width",
                "99999999999999999999"));
        cases.add(new Case("spread without a width", 2, "--width", "tenant", "spread", "acme"));
        cases.add(new Case("narrow a placement", 2, "only grow", "tenant", "spread", "acme", "--width", "1"));
        cases.add(new Case("spread wider than the cells", 1, "add cells first", "tenant", "spread", "acme", "--width",
                "3"));
        cases.add(new Case("spread an unknown tenant", 1, "no tenant", "tenant", "spread", "ghost", "--width", "2"));
        cases.add(new Case("spread a tenant named by a path", 2, "tenant", "tenant", "spread", "../acme", "--width",
                "2"));
        cases.add(new Case("show an unknown tenant", 1, "no tenant", "tenant", "show", "ghost"));
        cases.add(new Case("show SQL as a tenant", 2, "tenant", "tenant", "show", "' or 1=1 --"));
        cases.add(new Case("show with a whale share of 0 %", 2, "--whale-share", "tenant", "show", "acme",
                "--whale-share", "0"));
        cases.add(new Case("cell list with a whale share of 500 %", 2, "--whale-share", "cell", "list",
                "--whale-share", "500"));
        cases.add(new Case("stats of the top 0", 2, "--top", "tenant", "stats", "--top", "0"));
        cases.add(new Case("stats of the top 100000", 2, "--top", "tenant", "stats", "--top", "100000"));
        cases.add(new Case("stats of an unknown cell", 2, "no cell", "tenant", "stats", "--cell", "ghost"));
        cases.add(new Case("limit to a negative rate", 2, "--rate", "tenant", "limit", "acme", "--rate", "-1"));
        cases.add(new Case("limit to rate 0", 2, "--rate", "tenant", "limit", "acme", "--rate", "0"));
        cases.add(new Case("limit to a rate in exponent form", 2, "--rate", "tenant", "limit", "acme", "--rate",
                "1e9"));
        cases.add(new Case("limit to a 10,000-digit rate", 2, "--rate", "tenant", "limit", "acme", "--rate",
                "9".repeat(10_000)));
        cases.add(new Case("limit an unknown tenant", 1, "no tenant", "tenant", "limit", "ghost", "--rate", "5"));
        cases.add(new Case("init with shard size 0", 2, "shard size", "init", "--scheme", "tenant", "--shard-size",
                "0"));
        cases.add(new Case("init with shard size 5000", 2, "shard size", "init", "--scheme", "tenant", "--shard-size",
                "5000"));
        cases.add(new Case("control store that does not answer", List.of("map", "show"),
                Map.of("SHAPES_CONTROL_DB", "jdbc:postgresql://127.0.0.1:1/shapes"), 1, "control store"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> eachHostileCommandIsRefusedInOneLine() {
        return runs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().name(), () -> {
            Case c = e.getKey();
            CellManagerRun run = e.getValue();
            String what = c.name() + " (" + String.join(" ", c.args()).replace(LONG, "a…a") + ")";
            assertEquals(c.exitCode(), run.exitCode(), what + ": exit code; stderr: " + run.err());
            assertEquals(1, run.err().strip().lines().count(), what + ": one line: " + run.err());
            assertTrue(run.err().contains(c.mentions()), what + ": mentions '" + c.mentions() + "': " + run.err());
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), what + ": no stack trace");
            assertTrue(run.err().length() < 1_000, what + ": a short line, not the input echoed: " + run.err().length());
            assertTrue(run.out().isEmpty(), what + ": nothing on stdout: " + run.out());
        }));
    }

    @Test
    void theControlStoreIsUnchanged() {
        assertEquals(before, controlStoreContents());
    }

    /** Cells, map versions and the newest map, splits and tenants' key hashes, as one comparable text. */
    private String controlStoreContents() {
        ControlStore store = deployment.controlStore();
        return String.join("\n", store.cells().all().toString(), store.maps().history().toString(),
                store.maps().latest().toString(), store.splits().all().toString(),
                store.tenants().activeKeyHashes().toString(), store.tenants().placement("acme").toString(),
                store.tenants().rateLimit("acme").toString());
    }
}
