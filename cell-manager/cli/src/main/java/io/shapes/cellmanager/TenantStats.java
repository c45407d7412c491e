package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cli.UsageException;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.core.cellapi.TenantTraffic;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"The tenants with the most shapes and the busiest ones, asked of every cell (or one): their"
                + " shapes per cell, and the puts, getShapes and counts per second the cells served them over the last"
                + " minute (a count over a tenant on several cells is served, and counted, by each).",
                "Each cell keeps the requests of at most 10,000 tenants per 10 seconds by name, the rest as"
                        + " '(others)'."},
        footer = {"", "Examples:", "  cell-manager tenant stats", "  cell-manager tenant stats --top 50 --cell cell-2 --json"})
class TenantStats implements Runnable {
    private static final int MAX_TOP = 1000;

    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N",
            description = "how many tenants each cell reports by shapes and by requests (1..1000, default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--cell", paramLabel = "CELL", description = "only this cell of the map")
    String cell;

    /** One tenant's figures summed over the cells that reported it. */
    private static final class Row {
        final String tenant;
        final Map<String, Long> shapesPerCell = new LinkedHashMap<>();
        long puts;
        long gets;
        long counts;
        double putsPerSecond;
        double getsPerSecond;
        double countsPerSecond;

        Row(String tenant) {
            this.tenant = tenant;
        }

        long shapes() {
            return shapesPerCell.values().stream().mapToLong(Long::longValue).sum();
        }

        void add(TenantTraffic traffic) {
            double seconds = Math.max(traffic.seconds(), 1);
            puts += traffic.puts();
            gets += traffic.gets();
            counts += traffic.counts();
            putsPerSecond += traffic.puts() / seconds;
            getsPerSecond += traffic.gets() / seconds;
            countsPerSecond += traffic.counts() / seconds;
        }
    }

    @Override
    public void run() {
        if (top < 1 || top > MAX_TOP) {
            throw new UsageException("--top must be 1.." + MAX_TOP);
        }
        RoutingMap map = connection.store().maps().latest()
                .orElseThrow(() -> new UsageException("no routing map yet: run 'cell-manager init' first"));
        List<CellRef> asked = cell == null ? map.cells()
                : List.of(map.cell(cell).orElseThrow(() -> new UsageException("no cell " + cell + " in the map")));
        CellAdminClient cells = connection.cells();
        Map<String, CompletableFuture<List<TenantShapes>>> largest = new LinkedHashMap<>();
        Map<String, CompletableFuture<List<TenantTraffic>>> busiest = new LinkedHashMap<>();
        for (CellRef entry : asked) {
            largest.put(entry.name(), cells.largestTenants(entry.url(), top));
            busiest.put(entry.name(), cells.busiestTenants(entry.url(), top));
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> unanswered = new ArrayList<>();
        for (CellRef entry : asked) {
            List<TenantShapes> shapes = answer(largest.get(entry.name()));
            List<TenantTraffic> traffic = answer(busiest.get(entry.name()));
            if (shapes == null || traffic == null) {
                unanswered.add(entry.name());
                continue;
            }
            shapes.forEach(t -> rows.computeIfAbsent(t.tenant(), Row::new).shapesPerCell.put(entry.name(), t.shapes()));
            traffic.forEach(t -> rows.computeIfAbsent(t.tenant(), Row::new).add(t));
        }
        List<Row> sorted = rows.values().stream().sorted(Comparator.comparingLong(Row::shapes).reversed()
                .thenComparing(Comparator.comparingLong((Row r) -> r.puts + r.gets + r.counts).reversed())
                .thenComparing(r -> r.tenant)).toList();
        output.print(json(sorted, unanswered), text(sorted, unanswered));
    }

    private static Map<String, Object> json(List<Row> rows, List<String> unanswered) {
        List<Map<String, Object>> tenants = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("tenant", row.tenant);
            tenant.put("shapes", row.shapes());
            tenant.put("shapesPerCell", row.shapesPerCell);
            tenant.put("puts", row.puts);
            tenant.put("gets", row.gets);
            tenant.put("counts", row.counts);
            tenant.put("putsPerSecond", round(row.putsPerSecond));
            tenant.put("getsPerSecond", round(row.getsPerSecond));
            tenant.put("countsPerSecond", round(row.countsPerSecond));
            tenants.add(tenant);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenants", tenants);
        json.put("unansweredCells", unanswered);
        return json;
    }

    private static String text(List<Row> rows, List<String> unanswered) {
        StringBuilder text = new StringBuilder(String.format("%-24s %10s %9s %9s %9s  %s%n", "TENANT", "SHAPES",
                "PUTS/S", "GETS/S", "COUNTS/S", "SHAPES PER CELL"));
        for (Row row : rows) {
            text.append(String.format("%-24s %10d %9.2f %9.2f %9.2f  %s%n", row.tenant, row.shapes(), row.putsPerSecond,
                    row.getsPerSecond, row.countsPerSecond, row.shapesPerCell.isEmpty() ? "-"
                            : String.join(" ", row.shapesPerCell.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue()).toList())));
        }
        if (!unanswered.isEmpty()) {
            text.append("no answer from ").append(String.join(", ", unanswered)).append(": their tenants are missing\n");
        }
        return text.toString().stripTrailing();
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 100) / 100.0;
    }

    private static <T> T answer(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            return null;
        }
    }
}
