package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.control.MapVersions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "history", mixinStandardHelpOptions = true, description = "Lists every map version, oldest first.",
        footer = {"", "Example:", "  cell-manager map history --json"})
class MapHistory implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Override
    public void run() {
        List<MapVersions.Entry> history = connection.store().maps().history();
        List<Map<String, Object>> json = history.stream().map(entry -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", entry.version());
            row.put("createdAt", entry.createdAt().toString());
            row.put("reason", entry.reason());
            return row;
        }).toList();
        StringBuilder text = new StringBuilder();
        history.forEach(e -> text.append(String.format("%4d  %s  %s%n", e.version(), e.createdAt(), e.reason())));
        output.print(json, text.toString().stripTrailing());
    }
}
