package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.control.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "split", mixinStandardHelpOptions = true, description = "Inspect cell splits.",
        footer = {"", "Example:", "  cell-manager split list"}, subcommands = {SplitCommands.ListSplits.class})
class SplitCommands {

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
                return row;
            }).toList();
            StringBuilder text = new StringBuilder();
            json.forEach(row -> text.append(row.values().stream().map(String::valueOf)
                    .reduce((a, b) -> a + "  " + b).orElse("")).append('\n'));
            output.print(json, splits.isEmpty() ? "no splits" : text.toString().stripTrailing());
        }
    }
}
