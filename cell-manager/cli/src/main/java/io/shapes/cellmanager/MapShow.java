package io.shapes.cellmanager;

import java.util.LinkedHashMap;
import java.util.Map;

import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "show", description = "Prints a map version (default: the newest).",
        footer = {"", "Example:", "  cell-manager map show --version 2 --json"})
class MapShow implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Option(names = "--version", description = "which version (default: the newest)")
    Long version;

    // not the standard help mixin: its --version (of the program) would take this command's --version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
    boolean help;

    @Override
    public void run() {
        var maps = connection.store().maps();
        RoutingMap map = (version == null ? maps.latest() : maps.get(version)).orElseThrow(() ->
                new IllegalStateException(version == null ? "the control store is not initialised: run init"
                        : "there is no map version " + version));
        output.print(document(map), text(map));
    }

    static Map<String, Object> document(RoutingMap map) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", map.version());
        json.put("scheme", map.scheme().wireName());
        json.put("ranges", map.ranges());
        json.put("cells", map.cells());
        return json;
    }

    private static String text(RoutingMap map) {
        StringBuilder text = new StringBuilder("map version " + map.version() + ", scheme " + map.scheme().wireName()
                + "\n");
        map.ranges().forEach(r -> text.append(String.format("  %5d-%-5d -> %s%n", r.from(), r.to(), r.cell())));
        map.cells().forEach(c -> text.append(String.format("  cell %-12s %s (%s)%n", c.name(), c.url(),
                c.state().wireName())));
        return text.toString().stripTrailing();
    }
}
