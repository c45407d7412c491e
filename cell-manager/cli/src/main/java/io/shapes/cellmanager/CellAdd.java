package io.shapes.cellmanager;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.core.Names;
import io.shapes.core.map.RoutingMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Registers an empty cell of the standard size; the first cell gets every bucket, later ones get"
                + " buckets by 'cell split'.",
        footer = {"", "Example:", "  cell-manager cell add cell-2 --url http://127.0.0.1:8102"})
class CellAdd implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "the cell's name, as the cell itself is configured")
    String name;

    @Option(names = "--url", required = true, description = "where the cell's internal API listens")
    String url;

    @Override
    public void run() {
        UsageException.valid(() -> Names.requireCellName(name));
        URI cellUrl = parseUrl(url, "--url");
        RoutingMap next = new CellRoster(connection.store(), connection.cells()).add(name, cellUrl);
        boolean first = next.rangesByCell().size() == 1 && next.rangesByCell().containsKey(name);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("url", cellUrl.toString());
        json.put("mapVersion", next.version());
        json.put("ranges", next.rangesByCell().getOrDefault(name, List.of()).stream().map(r -> r.range().toString()).toList());
        output.print(json, "added " + name + " at " + cellUrl + "; map version " + next.version()
                + (first ? " gives it every bucket" : " (no buckets yet: split a cell into it)"));
    }

    /** Longest DNS name (RFC 1035); a longer host cannot be reached and is an input error, not a network one. */
    private static final int MAX_HOST_NAME = 253;

    static URI parseUrl(String text, String option) {
        try {
            URI uri = URI.create(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getHost().length() > MAX_HOST_NAME) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " must be an http(s) URL, e.g. http://127.0.0.1:8101");
        }
    }
}
