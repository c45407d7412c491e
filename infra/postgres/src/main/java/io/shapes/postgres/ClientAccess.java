package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Who may connect to a server, in its {@code pg_hba.conf}: {@code initdb} lets clients of 127.0.0.1 log in with a
 * password (SCRAM); a server on another host also lets in the clients of that host's network, with a password too,
 * and nobody else.
 */
final class ClientAccess {
    private ClientAccess() {
    }

    /** Adds a password login for clients of {@code network} ({@code address/bits}) unless one is there already. */
    static void allow(Path dataDir, String network) throws IOException {
        if (network.equals(NetworkHost.LOOPBACK.clientNetwork())) {
            return;
        }
        Path hba = dataDir.resolve("pg_hba.conf");
        String line = "host    all             all             " + network + "            scram-sha-256";
        if (Files.readAllLines(hba).stream().map(String::strip).noneMatch(line::equals)) {
            Files.writeString(hba, "\n# the clients of this server's network\n" + line + "\n",
                    StandardOpenOption.APPEND);
        }
    }
}
