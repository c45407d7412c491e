package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.control.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "split", mixinStandardHelpOptions = true, description = "Inspect, resume and abort cell splits.",
        footer = {"", "Examples:", "  cell-manager split list", "  cell-manager split resume 3", "  cell-manager split abort 3",
                "  cell-manager split verify 3"},
        subcommands = {SplitCommands.ListSplits.class, SplitCommands.Resume.class, SplitCommands.Abort.class,
                SplitCommands.Verify.class})
class SplitCommands {
    private static Split existing(io.shapes.control.ControlStore store, long id) {
        return store.splits().get(id).orElseThrow(() -> new IllegalStateException("there is no split " + id));
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Finishes an interrupted split from the phase it reached (or an interrupted abort).",
            footer = {"", "Example:", "  cell-manager split resume 3"})
    static class Resume implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Parameters(paramLabel = "ID", description = "the split's id (see split list)")
        long id;

        @Override
        public void run() {
            var store = connection.store();
            Split split = existing(store, id);
            if (split.phase().isFinished()) {
                throw new IllegalStateException("split " + id + " is " + split.phase().wireName() + " already");
            }
            Split done = Splitter.forCommand(store, connection.cells()).run(split);
            output.print(SplitOutcome.json(done), SplitOutcome.text(done));
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Undoes a split that has not switched: the source serves the range again, the target is"
                    + " emptied. Refused after the switch.",
            footer = {"", "Example:", "  cell-manager split abort 3"})
    static class Abort implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Parameters(paramLabel = "ID", description = "the split's id (see split list)")
        long id;

        @Override
        public void run() {
            var store = connection.store();
            Split aborted = Splitter.forCommand(store, connection.cells()).abort(existing(store, id));
            output.print(SplitOutcome.json(aborted), SplitOutcome.text(aborted));
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Compares a split's two sides row by row (every row of the range read on both cells, bucket"
                    + " by bucket), and each side's kept per-bucket sums with its rows. Before the fence, rows written"
                    + " since the last catch-up pass may still differ. Exits 1 if anything differs.",
            footer = {"", "Example:", "  cell-manager split verify 3 --json"})
    static class Verify implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Parameters(paramLabel = "ID", description = "the split's id (see split list)")
        long id;

        @Override
        public void run() {
            var store = connection.store();
            Split split = existing(store, id);
            if (!split.phase().holdsBothSides()) {
                throw new IllegalStateException("split " + id + " is " + split.phase().wireName() + ": the range is not"
                        + " on both cells; 'cell verify' checks one cell");
            }
            var map = store.maps().latest().orElseThrow();
            java.net.URI source = map.cell(split.source()).orElseThrow(() -> new IllegalStateException(
                    "cell " + split.source() + " left the map")).url();
            java.net.URI target = map.cell(split.target()).orElseThrow(() -> new IllegalStateException(
                    "cell " + split.target() + " left the map")).url();
            RangeVerifier verifier = new RangeVerifier(connection.cells(), Progress.toStderr());
            RangeVerifier.Outcome sourceSums = verifier.keptAgainstRows(split.source(), source, split.range());
            RangeVerifier.Outcome targetSums = verifier.keptAgainstRows(split.target(), target, split.range());
            RangeVerifier.Outcome rows = verifier.rowsAgainstRows(source, target, split.range());
            boolean holds = sourceSums.holds() && targetSums.holds() && rows.holds();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("splitId", id);
            json.put("range", split.range().toString());
            json.put("phase", split.phase().wireName());
            json.put("holds", holds);
            json.put("rows", rows.rows());
            json.put("differences", rows.differences().stream().map(d -> Map.of("bucket", d.bucket(),
                    "source", Map.of("count", d.left().count(), "hash", d.left().hash()),
                    "target", Map.of("count", d.right().count(), "hash", d.right().hash()))).toList());
            json.put("sourceSumsHold", sourceSums.holds());
            json.put("targetSumsHold", targetSums.holds());
            StringBuilder text = new StringBuilder(String.format("split %d (%s, %s): %,d rows of %s on %s", id,
                    split.phase().wireName(), holds ? "both sides equal" : "DIFFERENT", rows.rows(), split.range(),
                    split.source()));
            if (!rows.holds()) {
                text.append(String.format("%n%d buckets differ:%n", rows.differences().size()))
                        .append(SumsText.of(rows.differences(), split.source(), split.target()));
            }
            for (var side : List.of(Map.entry(split.source(), sourceSums), Map.entry(split.target(), targetSums))) {
                if (!side.getValue().holds()) {
                    text.append(String.format("%n%s's kept sums differ from its rows %s:%n", side.getKey(),
                            side.getValue().where()))
                            .append(SumsText.of(side.getValue().differences(), "kept", "rows"));
                }
            }
            output.print(json, text.toString());
            if (!holds) {
                throw new IllegalStateException("split " + id + ": the two sides differ"
                        + (split.phase().isFenced() ? "" : " (the source is not fenced yet: rows written since the"
                                + " last catch-up pass are not on the target yet)"));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every split with its phase and progress.",
            footer = {"", "Example:", "  cell-manager split list --json"})
    static class ListSplits implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Override
        public void run() {
            List<Split> splits = connection.store().splits().all();
            List<Map<String, Object>> json = splits.stream().map(split -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("splitId", split.id());
                row.put("source", split.source());
                row.put("target", split.target());
                row.put("range", split.range().toString());
                row.put("phase", split.phase().wireName());
                row.put("rowsCopied", split.rowsCopied());
                row.put("writePauseMs", split.writePauseMs());
                return row;
            }).toList();
            StringBuilder text = new StringBuilder();
            json.forEach(row -> text.append(row.values().stream().map(String::valueOf)
                    .reduce((a, b) -> a + "  " + b).orElse("")).append('\n'));
            output.print(json, splits.isEmpty() ? "no splits" : text.toString().stripTrailing());
        }
    }
}
