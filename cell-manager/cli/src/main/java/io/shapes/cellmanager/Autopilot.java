package io.shapes.cellmanager;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cellmanager.autopilot.AutopilotPolicy;
import io.shapes.cellmanager.autopilot.CellFill;
import io.shapes.cellmanager.autopilot.Decision;
import io.shapes.cellmanager.autopilot.Provisioner;
import io.shapes.cli.UsageException;
import io.shapes.control.AutopilotOperation;
import io.shapes.control.ControlStore;
import io.shapes.control.ControlStoreException;
import io.shapes.control.Lease;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "autopilot", mixinStandardHelpOptions = true,
        description = "The pre-scaling loop. Every --interval it reads every cell's fill; a cell at or past --threshold"
                + " is split into a new cell that --provisioner starts; a cell under --merge-below for the cool-down"
                + " is merged into the emptiest cell that stays under the threshold with it, then unregistered. One"
                + " operation per cell, at most --max-moves at once, a --cool-down after each. Every decision is"
                + " logged with its reason (--json: one object per line). Killed at any point, the next run finishes"
                + " what it started. One autopilot per control store.",
        footer = {"", "Examples:", "  cell-manager autopilot --once --dry-run",
                "  cell-manager autopilot --provisioner launcher --threshold 45 --json",
                "  cell-manager autopilot --provisioner k8s",
                "  cell-manager autopilot --provisioner '/opt/shapes/new-cell --zone b'"})
class Autopilot implements java.util.concurrent.Callable<Integer> {
    private static final Duration FILL_DEADLINE = Duration.ofSeconds(3);
    private static final Pattern NUMBERED = Pattern.compile("cell-([0-9]{1,6})");

    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--once", description = "look once, carry out what it decided, and exit")
    boolean once;

    @Option(names = "--dry-run", description = "decide and log, but start nothing and change nothing")
    boolean dryRun;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "45",
            description = "the pre-scaling line: split a cell at this fill (default ${DEFAULT-VALUE} %%)")
    double threshold;

    @Option(names = "--merge-below", paramLabel = "PERCENT", defaultValue = "10",
            description = "merge a cell that stays under this fill for the cool-down; 0 never merges (default"
                    + " ${DEFAULT-VALUE} %%)")
    double mergeBelow;

    @Option(names = "--provisioner", paramLabel = "launcher|k8s|CMD", defaultValue = "launcher",
            description = "what starts new cells: the local launcher, Kubernetes, or a command given the new cell's"
                    + " name as last argument that prints its URL as last line (default ${DEFAULT-VALUE})")
    String provisioner;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "how often it looks, e.g. 500ms, 2s, 1m (default ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--cool-down", paramLabel = "DURATION", defaultValue = "30s",
            description = "after an operation on a cell, how long before the next; also how long a cell stays under"
                    + " --merge-below before it is merged (default ${DEFAULT-VALUE})")
    String coolDown;

    @Option(names = "--max-moves", paramLabel = "N", defaultValue = "1",
            description = "operations under way at once, over all cells (default ${DEFAULT-VALUE})")
    int maxMoves;

    private final Map<Long, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<Long, Instant> failedAt = new ConcurrentHashMap<>();
    private final Map<String, Instant> lowSince = new HashMap<>();
    private final Map<String, String> lastWaits = new HashMap<>();
    private final AtomicBoolean anyFailed = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        Duration every = DurationOption.parse("--interval", interval, Duration.ofMillis(100), Duration.ofHours(1));
        Duration cool = DurationOption.parse("--cool-down", coolDown, Duration.ZERO, Duration.ofDays(1));
        if (!(threshold > 0 && threshold <= 100)) {
            throw new UsageException("--threshold must be a percentage in (0, 100]");
        }
        if (!(mergeBelow >= 0 && mergeBelow < threshold)) {
            throw new UsageException("--merge-below must be a percentage from 0 to under --threshold");
        }
        if (maxMoves < 1 || maxMoves > 64) {
            throw new UsageException("--max-moves must be 1..64");
        }
        Path here = Path.of("").toAbsolutePath();
        Provisioner cells = dryRun ? Provisioner.notInADryRun(provisioner)
                : Provisioner.parse(provisioner, System.getenv(), here);
        ControlStore store = connection.store().migrate();
        CellAdminClient client = connection.cells();
        AutopilotLog log = new AutopilotLog(output.json);
        AutopilotPolicy policy = new AutopilotPolicy(threshold, mergeBelow, cool, maxMoves);
        Optional<Lease> lease = dryRun ? Optional.empty() : Optional.of(store.tryLease("autopilot").orElseThrow(() ->
                new IllegalStateException("another autopilot runs against this control store; one is enough")));
        ExecutorService workers = Executors.newFixedThreadPool(maxMoves, r -> {
            Thread thread = new Thread(r, "autopilot-operation");
            thread.setDaemon(true);
            return thread;
        });
        AutopilotOperationRunner runner = new AutopilotOperationRunner(store, client, cells, threshold, log);
        log.event("start", null, null, String.format(java.util.Locale.ROOT, "every %s, threshold %.0f %%, merge below"
                + " %.0f %%, cool-down %s, at most %d operation(s) at once, cells from %s%s", interval, threshold,
                mergeBelow, coolDown, maxMoves, cells.describe(), dryRun ? "; dry run: nothing is started" : ""));
        try {
            while (true) {
                try {
                    look(store, client, policy, runner, workers, log, cool);
                } catch (ControlStoreException e) {
                    log.event("wait", null, null, "the control store did not answer (" + e.getMessage()
                            + "); looking again in " + interval);
                }
                if (once) {
                    break;
                }
                Thread.sleep(every.toMillis());
                if (lease.isPresent() && !lease.get().isHeld()) {
                    lease.get().close();
                    lease = Optional.of(retake(store));
                }
            }
            for (Future<?> operation : List.copyOf(running.values())) {
                operation.get();
            }
            return anyFailed.get() ? 1 : 0;
        } finally {
            workers.shutdownNow();
            lease.ifPresent(Lease::close);
        }
    }

    private static Lease retake(ControlStore store) {
        return store.tryLease("autopilot").orElseThrow(() -> new IllegalStateException(
                "the control store's autopilot lease was lost and another autopilot took it"));
    }

    /** One look: finish unfinished operations, read every cell, decide, start what was decided. */
    private void look(ControlStore store, CellAdminClient client, AutopilotPolicy policy,
            AutopilotOperationRunner runner, ExecutorService workers, AutopilotLog log, Duration cool) {
        Instant now = Instant.now();
        List<AutopilotOperation> unfinished = dryRun ? List.of() : store.autopilot().unfinished();
        for (AutopilotOperation operation : unfinished) {
            Instant failed = failedAt.get(operation.id());
            boolean retryDue = failed == null || Duration.between(failed, now).compareTo(cool) >= 0;
            if (!running.containsKey(operation.id()) && running.size() < maxMoves && retryDue) {
                log.event("resume", operation.source(), operation.target(), operation.kind().wireName() + " "
                        + operation.id() + " from " + operation.state().wireName() + " (" + operation.reason() + ")");
                submit(operation, runner, workers, log);
            }
        }
        RoutingMap map = NewestMap.of(store);
        List<CellFill> fills = fills(client, map);
        Set<String> busy = new HashSet<>();
        unfinished.forEach(op -> {
            busy.add(op.source());
            busy.add(op.target());
        });
        store.splits().all().stream().filter(s -> !s.phase().isFinished()).forEach(s -> {
            busy.add(s.source());
            busy.add(s.target());
        });
        Map<String, Duration> sinceLast = new HashMap<>();
        for (AutopilotOperation operation : dryRun ? List.<AutopilotOperation>of() : store.autopilot().newest(200)) {
            if (operation.state().isFinished()) {
                Duration since = Duration.between(operation.updatedAt(), now);
                sinceLast.putIfAbsent(operation.source(), since);
                sinceLast.putIfAbsent(operation.target(), since);
            }
        }
        Map<String, Duration> lowFor = new HashMap<>();
        for (CellFill fill : fills) {
            if (fill.answered() && fill.percent() < mergeBelow && map.rangesByCell().containsKey(fill.name())) {
                lowFor.put(fill.name(), Duration.between(lowSince.computeIfAbsent(fill.name(), n -> now), now));
            } else {
                lowSince.remove(fill.name());
            }
        }
        Set<String> taken = new HashSet<>();
        map.cells().forEach(c -> taken.add(c.name()));
        if (!dryRun) {
            taken.addAll(store.autopilot().cellNames());
        }
        List<Decision> decisions = policy.decide(new AutopilotPolicy.View(fills, busy, sinceLast, lowFor,
                running.size()), () -> newCellName(taken));
        Map<String, String> waits = new HashMap<>();
        for (Decision decision : decisions) {
            if (decision.action() == Decision.Action.WAIT) {
                String key = decision.reason().replaceAll("[0-9]+ s ago", "");
                waits.put(decision.cell().name(), key);
                if (!once && key.equals(lastWaits.get(decision.cell().name()))) {
                    continue;
                }
            }
            log.decision(decision);
            if (dryRun || decision.action() == Decision.Action.WAIT) {
                continue;
            }
            AutopilotOperation.Kind kind = decision.action() == Decision.Action.SPLIT ? AutopilotOperation.Kind.SPLIT
                    : AutopilotOperation.Kind.MERGE;
            AutopilotOperation operation = store.autopilot().start(kind, decision.cell().name(), decision.target(),
                    decision.text());
            submit(operation, runner, workers, log);
        }
        lastWaits.clear();
        lastWaits.putAll(waits);
    }

    private void submit(AutopilotOperation operation, AutopilotOperationRunner runner, ExecutorService workers,
            AutopilotLog log) {
        running.put(operation.id(), workers.submit(() -> {
            try {
                runner.run(operation);
                failedAt.remove(operation.id());
            } catch (RuntimeException e) {
                failedAt.put(operation.id(), Instant.now());
                anyFailed.set(true);
                log.event("failed", operation.source(), operation.target(), operation.kind().wireName() + " "
                        + operation.id() + ": " + e.getMessage() + (once ? "" : "; tried again after the cool-down"));
            } finally {
                running.remove(operation.id());
            }
        }));
    }

    /** Every cell of the map with what it holds, asked in parallel; a cell that does not answer in time is silent. */
    private static List<CellFill> fills(CellAdminClient client, RoutingMap map) {
        Map<String, CompletableFuture<CellInfo>> asked = new LinkedHashMap<>();
        for (CellRef cell : map.cells()) {
            asked.put(cell.name(), client.info(cell.url()).orTimeout(FILL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
        List<CellFill> fills = new ArrayList<>();
        asked.forEach((name, info) -> {
            try {
                CellInfo answer = info.join();
                fills.add(new CellFill(name, answer.shapes(), answer.capacity(), true));
            } catch (RuntimeException e) {
                fills.add(CellFill.silent(name));
            }
        });
        return fills;
    }

    /** {@code cell-N}, N one more than the highest number any cell of the map or of an operation has had. */
    private static String newCellName(Set<String> taken) {
        int highest = 0;
        for (String name : taken) {
            Matcher m = NUMBERED.matcher(name);
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        String name = "cell-" + (highest + 1);
        taken.add(name);
        return name;
    }
}
