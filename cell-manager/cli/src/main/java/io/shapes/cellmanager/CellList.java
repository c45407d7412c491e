package io.shapes.cellmanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.UsageException;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import io.shapes.scatter.Gathered;
import io.shapes.scatter.Outcome;
import io.shapes.scatter.Policy;
import io.shapes.scatter.ScatterGather;
import io.shapes.scatter.Timer;
import io.smallrye.mutiny.Uni;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Asks every cell in parallel for what it holds: name, URL, state, ranges, shapes, capacity, fill"
                + " and health. A cell that does not answer shows as down. Cells past the pre-scaling threshold are"
                + " flagged: split them before they fill. So is a tenant that holds more than --whale-share of a"
                + " cell: spread it over more cells.",
        footer = {"", "Example:", "  cell-manager cell list --json"})
class CellList implements Runnable {
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--threshold", defaultValue = "45", description = "fill %% that flags a cell for a split (default ${DEFAULT-VALUE})")
    int threshold;

    @Option(names = "--whale-share", defaultValue = "10", paramLabel = "PCT",
            description = "%% of a cell's capacity that flags a tenant holding it as a whale to spread (default"
                    + " ${DEFAULT-VALUE})")
    int whaleShare;

    static void requirePercent(String option, int value) {
        if (value < 1 || value > 100) {
            throw new UsageException(option + " must be 1..100");
        }
    }

    @Override
    public void run() {
        requirePercent("--threshold", threshold);
        requirePercent("--whale-share", whaleShare);
        RoutingMap map = connection.store().maps().latest().orElseThrow(() -> new IllegalStateException(
                "the control store is not initialised: run init"));
        CellAdminClient client = connection.cells();
        Map<String, Supplier<Uni<CellInfo>>> targets = new LinkedHashMap<>();
        map.cells().forEach(cell -> targets.put(cell.name(),
                () -> Uni.createFrom().completionStage(() -> client.info(cell.url()))));
        Map<String, java.util.concurrent.CompletableFuture<List<TenantShapes>>> largest = new LinkedHashMap<>();
        map.cells().forEach(cell -> largest.put(cell.name(), client.largestTenants(cell.url(), 5)));
        Gathered<CellInfo> gathered = new ScatterGather(Timer.system()).scatter(targets, DEADLINE, Policy.PARTIAL)
                .await().atMost(DEADLINE.plusSeconds(1));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CellRef cell : map.cells()) {
            rows.add(row(cell, map, answer(gathered, cell.name()), largest.get(cell.name())));
        }
        output.print(rows, table(rows));
    }

    private Map<String, Object> row(CellRef cell, RoutingMap map, CellInfo info,
            java.util.concurrent.CompletableFuture<List<TenantShapes>> largest) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", cell.name());
        row.put("url", cell.url().toString());
        row.put("state", cell.state().wireName());
        row.put("ranges", map.rangesByCell().getOrDefault(cell.name(), List.of()).stream()
                .map(r -> r.range().toString()).toList());
        row.put("shapes", info == null ? null : info.shapes());
        row.put("capacity", info == null ? null : info.capacity());
        row.put("fillPercent", info == null ? null : Math.round(info.fillRatio() * 1000) / 10.0);
        row.put("healthy", info != null);
        row.put("splitSuggested", info != null && info.fillRatio() * 100 >= threshold);
        row.put("whales", info == null ? List.of() : whales(info, largest));
        return row;
    }

    /** The tenants that hold more than {@code whaleShare} % of the cell's capacity: spread them. */
    private List<Map<String, Object>> whales(CellInfo info,
            java.util.concurrent.CompletableFuture<List<TenantShapes>> largest) {
        List<TenantShapes> tenants;
        try {
            tenants = largest.get(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return List.of();
        }
        return tenants.stream().filter(t -> sharePercent(t.shapes(), info.capacity()) > whaleShare)
                .map(t -> Map.<String, Object>of("tenant", t.tenant(), "shapes", t.shapes(),
                        "sharePercent", sharePercent(t.shapes(), info.capacity())))
                .toList();
    }

    /** The share of a cell's capacity that {@code shapes} take, in percent with one decimal. */
    static double sharePercent(long shapes, long capacity) {
        return Math.round(shapes * 1000.0 / capacity) / 10.0;
    }

    private static CellInfo answer(Gathered<CellInfo> gathered, String cell) {
        for (Outcome<CellInfo> outcome : gathered.outcomes()) {
            if (outcome.target().equals(cell) && outcome instanceof Outcome.Answered<CellInfo> answered) {
                return answered.value();
            }
        }
        return null;
    }

    private String table(List<Map<String, Object>> rows) {
        StringBuilder text = new StringBuilder(String.format("%-12s %-28s %-9s %-22s %10s %10s %6s %s%n", "NAME", "URL",
                "STATE", "RANGES", "SHAPES", "CAPACITY", "FILL", "HEALTH"));
        for (Map<String, Object> row : rows) {
            boolean healthy = (boolean) row.get("healthy");
            text.append(String.format("%-12s %-28s %-9s %-22s %10s %10s %6s %s%n", row.get("name"), row.get("url"),
                    row.get("state"), String.join(",", (List<String>) row.get("ranges")),
                    healthy ? row.get("shapes") : "?", healthy ? row.get("capacity") : "?",
                    healthy ? row.get("fillPercent") + "%" : "?", healthy ? "up" : "DOWN"));
        }
        rows.stream().filter(row -> (boolean) row.get("splitSuggested")).forEach(row -> text.append(row.get("name"))
                .append(" is past ").append(threshold).append("% full: split it (cell split ").append(row.get("name"))
                .append(" --into NEW)\n"));
        for (Map<String, Object> row : rows) {
            for (Map<String, Object> whale : (List<Map<String, Object>>) row.get("whales")) {
                text.append("tenant ").append(whale.get("tenant")).append(" holds ").append(whale.get("sharePercent"))
                        .append("% of ").append(row.get("name")).append(": a whale; spread it (tenant show ")
                        .append(whale.get("tenant")).append(", then tenant spread ").append(whale.get("tenant"))
                        .append(" --width W)\n");
            }
        }
        return text.toString().stripTrailing();
    }
}
