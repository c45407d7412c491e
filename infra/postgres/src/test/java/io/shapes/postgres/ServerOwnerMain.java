package io.shapes.postgres;

import java.nio.file.Path;

/** A JVM that owns a server, for {@link DeadOwnerTest}: starts one, prints its pid, then exits or waits. */
public final class ServerOwnerMain {
    private ServerOwnerMain() {
    }

    public static void main(String[] args) throws Exception {
        PostgresServer server = PostgresServer.start(Path.of(args[0]));
        System.out.println("postmaster " + server.postmasterPid());
        System.out.flush();
        if ("exit".equals(args[1])) {
            System.exit(0);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
