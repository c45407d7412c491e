package io.shapes.cellmanager;

import java.util.HashMap;
import java.util.Map;

import io.shapes.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Sets the tenant's rate limit in requests per second per router (a scattered count costs one"
                + " per cell it asks); 'default' removes the override. Routers apply it from the next publication.",
        footer = {"", "Examples:", "  cell-manager tenant limit acme --rate 500",
                "  cell-manager tenant limit acme --rate default"})
class TenantLimit implements Runnable {
    /** Far above what one router serves: a larger number is a typo. */
    static final int MAX_RATE = 10_000_000;

    @Mixin
    Connection connection;

    @Mixin
    Output output;

    @Parameters(paramLabel = "NAME", description = "tenant name")
    String name;

    @Option(names = "--rate", required = true, paramLabel = "N|default",
            description = "requests per second per router, 1.." + MAX_RATE + ", or 'default'")
    String rate;

    @Override
    public void run() {
        String tenant = TenantCommands.validTenant(name);
        Integer perSecond = parse(rate);
        connection.store().tenants().setRateLimit(tenant, perSecond);
        Map<String, Object> json = new HashMap<>();
        json.put("tenant", tenant);
        json.put("ratePerSecond", perSecond);
        output.print(json, perSecond == null ? "tenant " + tenant + " has the routers' default rate limit again"
                : "tenant " + tenant + " may send " + perSecond + " requests/s per router");
    }

    static Integer parse(String rate) {
        if (rate.equals("default")) {
            return null;
        }
        try {
            int value = Integer.parseInt(rate);
            if (value >= 1 && value <= MAX_RATE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what is allowed
        }
        throw new UsageException("--rate must be a whole number 1.." + MAX_RATE + ", or 'default'");
    }
}
