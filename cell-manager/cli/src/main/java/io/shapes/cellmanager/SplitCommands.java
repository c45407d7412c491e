package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.control.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "split", mixinStandardHelpOptions = true, description = "Inspect, resume and abort cell splits.",
        footer = {"", "Examples:", "  cell-manager split list", "  cell-manager split resume 3", "  cell-manager split abort 3"},
        subcommands = {SplitCommands.ListSplits.class, SplitCommands.Resume.class, SplitCommands.Abort.class})
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
