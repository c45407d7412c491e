package io.shapes.cellmanager;

import java.util.Map;

import io.shapes.cli.UsageException;
import io.shapes.control.Tenants;
import io.shapes.core.Names;
import io.shapes.operations.TenantPlacements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tenant", mixinStandardHelpOptions = true,
        description = "Create tenants, issue and revoke their API keys, see and widen their placement, set their rate.",
        footer = {"", "Examples:", "  cell-manager tenant create acme", "  cell-manager tenant key add acme",
                "  cell-manager tenant show acme", "  cell-manager tenant spread acme --width 8",
                "  cell-manager tenant limit acme --rate 500", "  cell-manager tenant stats --top 20",
                "  cell-manager tenant revoke acme"},
        subcommands = {TenantCommands.Create.class, TenantCommands.Revoke.class, TenantCommands.Key.class,
                TenantShow.class, TenantSpread.class, TenantLimit.class, TenantStats.class})
class TenantCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a new tenant and its first API key (256 random bits); only its hash is stored, the"
                    + " key is printed once, on the last line. Under the tenant scheme its shapes get a placement of the"
                    + " deployment's shard size: that many buckets on distinct cells, the least filled among a"
                    + " pseudo-random set. An existing tenant is an error: use 'tenant key add'.",
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
            print(output, new TenantPlacements(connection.store(), connection.cells()).create(validTenant(name)));
        }
    }

    static void print(Output output, Tenants.IssuedKey key) {
        output.print(Map.of("tenant", key.tenant(), "keyId", key.keyId(), "apiKey", key.apiKey()),
                "API key " + key.keyId() + " for tenant " + key.tenant() + " (shown once; store it now):\n"
                        + key.apiKey());
    }

    @Command(name = "key", mixinStandardHelpOptions = true,
            description = "Rotate a tenant's keys without downtime: add a new key, move clients to it, revoke the old"
                    + " one by its id.",
            footer = {"", "Examples:", "  cell-manager tenant key add acme",
                    "  cell-manager tenant key revoke acme 3f2a9c01b7de"},
            subcommands = {Key.Add.class, Key.RevokeOne.class})
    static class Key {
        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Issues one more key to an existing tenant; its other keys keep working.",
                footer = {"", "Example:", "  cell-manager tenant key add acme --json"})
        static class Add implements Runnable {
            @Mixin
            Connection connection;

            @Mixin
            Output output;

            @Parameters(paramLabel = "NAME", description = "tenant name")
            String name;

            @Override
            public void run() {
                print(output, connection.store().tenants().addKey(validTenant(name)));
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revokes one key of the tenant, named by the id that 'tenant create' or 'tenant key"
                        + " add' printed. Routers refuse it from their next map refresh (about a second).",
                footer = {"", "Example:", "  cell-manager tenant key revoke acme 3f2a9c01b7de"})
        static class RevokeOne implements Runnable {
            @Mixin
            Connection connection;

            @Mixin
            Output output;

            @Parameters(index = "0", paramLabel = "NAME", description = "tenant name")
            String name;

            @Parameters(index = "1", paramLabel = "KEY-ID", description = "the key's id (12 hex digits)")
            String keyId;

            @Override
            public void run() {
                String tenant = validTenant(name);
                UsageException.valid(() -> {
                    if (!io.shapes.snapshot.ApiKeys.isKeyId(keyId)) {
                        throw new IllegalArgumentException("KEY-ID is 12 hex digits, as 'tenant key add' prints it");
                    }
                    return keyId;
                });
                connection.store().tenants().revokeKey(tenant, keyId);
                output.print(Map.of("tenant", tenant, "keyId", keyId), "revoked key " + keyId + " of " + tenant
                        + "; routers refuse it within a map refresh");
            }
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
