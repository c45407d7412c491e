package io.shapes.cellmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.core.Placement;
import io.shapes.core.cellapi.CellInfo;
import io.shapes.core.cellapi.TenantShapes;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"The tenant's placement: its width, its buckets in order, the cell of each, and the tenant's"
                + " shapes in each (asked of the cells).",
                "Flags two buckets on one cell (after a merge or a drain: the tenant then survives one fewer cell"
                        + " failure; widen it to regain one) and a cell where the tenant holds more than --whale-share"
                        + " of the capacity (spread it)."},
        footer = {"", "Example:", "  cell-manager tenant show acme --json"})
class TenantShow implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "tenant name")
    String name;

    @Option(names = "--whale-share", defaultValue = "10", paramLabel = "PCT",
            description = "%% of a cell's capacity that flags the tenant as a whale there (default ${DEFAULT-VALUE})")
    int whaleShare;

    @Override
    public void run() {
        String tenant = TenantCommands.validTenant(name);
        CellList.requirePercent("--whale-share", whaleShare);
        ControlStore store = connection.store();
        Placement placement = store.tenants().placement(tenant);
        RoutingMap map = store.maps().latest().orElseThrow();
        CellAdminClient cells = connection.cells();
        Map<String, CompletableFuture<TenantShapes>> shapes = new LinkedHashMap<>();
        Map<String, CompletableFuture<CellInfo>> infos = new LinkedHashMap<>();
        for (int bucket : placement.buckets()) {
            map.cellFor(bucket).flatMap(map::cell).ifPresent(cell -> {
                shapes.computeIfAbsent(cell.name(), c -> cells.tenantShapes(cell.url(), tenant));
                infos.computeIfAbsent(cell.name(), c -> cells.info(cell.url()));
            });
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Integer> bucketsPerCell = new LinkedHashMap<>();
        for (int bucket : placement.buckets()) {
            String cell = map.cellFor(bucket).orElse(null);
            TenantShapes answer = cell == null ? null : answer(shapes.get(cell));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bucket", bucket);
            row.put("cell", cell);
            row.put("shapes", answer == null ? null : answer.buckets().stream().filter(b -> b.bucket() == bucket)
                    .mapToLong(TenantShapes.BucketShapes::shapes).sum());
            rows.add(row);
            if (cell != null) {
                bucketsPerCell.merge(cell, 1, Integer::sum);
            }
        }
        List<String> shared = bucketsPerCell.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        List<Map<String, Object>> whaleIn = new ArrayList<>();
        shapes.forEach((cell, future) -> {
            TenantShapes answer = answer(future);
            CellInfo info = answer(infos.get(cell));
            if (answer != null && info != null && CellList.sharePercent(answer.shapes(), info.capacity()) > whaleShare) {
                whaleIn.add(Map.of("cell", cell, "shapes", answer.shapes(),
                        "sharePercent", CellList.sharePercent(answer.shapes(), info.capacity())));
            }
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant", tenant);
        json.put("width", placement.width());
        json.put("buckets", rows);
        json.put("cells", bucketsPerCell.size());
        json.put("sharedCells", shared);
        json.put("whaleIn", whaleIn);
        json.put("rateLimit", store.tenants().rateLimit(tenant).orElse(null));
        output.print(json, text(tenant, placement, rows, shared, whaleIn));
    }

    private static String text(String tenant, Placement placement, List<Map<String, Object>> rows, List<String> shared,
            List<Map<String, Object>> whaleIn) {
        StringBuilder text = new StringBuilder("tenant " + tenant + ": width " + placement.width() + "\n");
        text.append(String.format("%-8s %-12s %10s%n", "BUCKET", "CELL", "SHAPES"));
        for (Map<String, Object> row : rows) {
            text.append(String.format("%-8s %-12s %10s%n", row.get("bucket"),
                    row.get("cell") == null ? "(no cell)" : row.get("cell"),
                    row.get("shapes") == null ? "?" : row.get("shapes")));
        }
        for (String cell : shared) {
            text.append("two or more buckets on ").append(cell).append(" (after a merge or a drain): the tenant spans"
                    + " fewer cells than its width; 'tenant spread ").append(tenant).append(" --width ")
                    .append(placement.width() + 1).append("' adds one\n");
        }
        for (Map<String, Object> whale : whaleIn) {
            text.append("holds ").append(whale.get("sharePercent")).append("% of ").append(whale.get("cell"))
                    .append(": a whale; spread it ('tenant spread ").append(tenant).append(" --width ")
                    .append(placement.width() * 2).append("')\n");
        }
        return text.toString().stripTrailing();
    }

    private static <T> T answer(CompletableFuture<T> future) {
        try {
            return future == null ? null : future.join();
        } catch (CompletionException e) {
            return null;
        }
    }
}
