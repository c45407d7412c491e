package io.shapes.cellmanager;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Reads every row of a cell and compares it with the per-bucket sums the cell keeps with each"
                + " write (the sums a split's fenced verify trusts). Exits 1 if any bucket differs.",
        footer = {"", "Example:", "  cell-manager cell verify cell-2 --json"})
class CellVerify implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "the cell to verify")
    String name;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(name));
        URI url = connection.store().maps().latest()
                .flatMap(map -> map.cell(name))
                .orElseThrow(() -> new IllegalStateException("no cell " + name + " in the map"))
                .url();
        RangeVerifier.Outcome outcome = new RangeVerifier(connection.cells(), Progress.toStderr())
                .keptAgainstRows(name, url, new BucketRange(0, Buckets.COUNT));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cell", name);
        json.put("rows", outcome.rows());
        json.put("holds", outcome.holds());
        json.put("blocks", outcome.blocks());
        json.put("differences", outcome.differences().stream().map(d -> Map.of("bucket", d.bucket(),
                "kept", Map.of("count", d.left().count(), "hash", d.left().hash()),
                "rows", Map.of("count", d.right().count(), "hash", d.right().hash()))).toList());
        output.print(json, outcome.holds()
                ? String.format("%s: %,d rows; every bucket's kept sums equal its rows", name, outcome.rows())
                : String.format("%s: %,d rows; the kept sums differ %s:%n%s", name, outcome.rows(), outcome.where(),
                        SumsText.of(outcome.differences(), "kept", "rows")));
        if (!outcome.holds()) {
            throw new IllegalStateException(name + "'s kept sums differ from its rows " + outcome.where());
        }
    }
}
