package io.shapes.cellmanager;

import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.core.Placement;
import io.shapes.operations.TenantPlacements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "spread", mixinStandardHelpOptions = true,
        description = {"Widens the tenant's placement to W buckets on W distinct cells (a whale outgrowing its cells).",
                "Online and immediate: it moves nothing, new shapes simply have more buckets to go to; routers use it"
                        + " from the next publication (about a second). Widths only grow: shapes already live in every"
                        + " bucket of the placement."},
        footer = {"", "Example:", "  cell-manager tenant spread acme --width 8"})
class TenantSpread implements Runnable {
    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "tenant name")
    String name;

    @Option(names = "--width", required = true, paramLabel = "W", description = "the new width, wider than today's")
    int width;

    @Override
    public void run() {
        String tenant = TenantCommands.validTenant(name);
        if (width < 1 || width > Placement.MAX_WIDTH) {
            throw new UsageException("--width must be 1.." + Placement.MAX_WIDTH);
        }
        TenantPlacements.Widening widening = UsageException.valid(
                () -> new TenantPlacements(connection.store(), connection.cells()).spread(tenant, width));
        output.print(Map.of("tenant", tenant, "width", widening.after().width(), "before", widening.before().buckets(),
                "buckets", widening.after().buckets()), "tenant " + tenant + " widened from " + widening.before().width()
                        + " to " + widening.after().width() + " buckets: " + widening.after().buckets()
                        + "; routers use them from the next publication");
    }
}
