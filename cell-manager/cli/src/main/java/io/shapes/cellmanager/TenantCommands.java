package io.shapes.cellmanager;

import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.Tenants;
import io.shapes.core.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tenant", mixinStandardHelpOptions = true, description = "Issue and revoke tenants' API keys.",
        footer = {"", "Examples:", "  cell-manager tenant create acme", "  cell-manager tenant revoke acme"},
        subcommands = {TenantCommands.Create.class, TenantCommands.Revoke.class})
class TenantCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates the tenant (if new) and a random API key (256 bits); only its hash is stored, the"
                    + " key is printed once, on the last line.",
            footer = {"", "Example:", "  cell-manager tenant create acme --json"})
    static class Create implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Parameters(paramLabel = "NAME", description = "tenant name: ^[a-z0-9][a-z0-9-]{0,62}$")
        String name;

        @Override
        public void run() {
            Tenants.IssuedKey key = connection.store().tenants().create(validTenant(name));
            output.print(Map.of("tenant", key.tenant(), "apiKey", key.apiKey()),
                    "API key for tenant " + key.tenant() + " (shown once; store it now):\n" + key.apiKey());
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes every key of the tenant.",
            footer = {"", "Example:", "  cell-manager tenant revoke acme"})
    static class Revoke implements Runnable {
        @Mixin
        Connection connection;

        @Mixin
        Output output;

        @Parameters(paramLabel = "NAME", description = "tenant name")
        String name;

        @Override
        public void run() {
            int revoked = connection.store().tenants().revoke(validTenant(name));
            if (revoked == 0) {
                throw new IllegalStateException("tenant " + name + " has no active key");
            }
            output.print(Map.of("tenant", name, "revokedKeys", revoked), "revoked " + revoked + " key(s) of " + name
                    + "; routers refuse them within a map refresh");
        }
    }

    static String validTenant(String name) {
        return UsageException.valid(() -> Names.requireTenant(name));
    }
}
