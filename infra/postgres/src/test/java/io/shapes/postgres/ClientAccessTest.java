package io.shapes.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientAccessTest {
    private static final String INITDB = "local   all   all   scram-sha-256\nhost    all   all   127.0.0.1/32   scram-sha-256\n";

    @Test
    void aServerOnLoopbackLetsInNoOneMore(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pg_hba.conf"), INITDB);
        ClientAccess.allow(dir, NetworkHost.LOOPBACK.clientNetwork());
        assertEquals(INITDB, Files.readString(dir.resolve("pg_hba.conf")));
    }

    @Test
    void aServerOnAnotherHostLetsInItsNetworkWithAPasswordOnce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pg_hba.conf"), INITDB);
        ClientAccess.allow(dir, "10.213.77.0/24");
        ClientAccess.allow(dir, "10.213.77.0/24");
        String hba = Files.readString(dir.resolve("pg_hba.conf"));
        assertEquals(1, hba.lines().filter(l -> l.matches("host\\s+all\\s+all\\s+10\\.213\\.77\\.0/24\\s+scram-sha-256"))
                .count(), hba);
        assertEquals(0, hba.lines().filter(l -> l.contains("trust")).count(), hba);
    }

    @Test
    void aHostInANamespaceRunsItsCommandsThere() {
        NetworkHost host = NetworkHost.inNamespace("shapes-cell-1", "10.213.77.11", "10.213.77.0/24");
        assertEquals(java.util.List.of(NetworkHost.ipCommand(), "netns", "exec", "shapes-cell-1", "pg_ctl", "start"),
                host.run(java.util.List.of("pg_ctl", "start")));
        assertEquals(java.util.List.of("pg_ctl"), NetworkHost.LOOPBACK.run(java.util.List.of("pg_ctl")));
    }
}
