package io.shapes.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.shapes.deployment.Artifacts;

/**
 * One nginx hop to a cell's internal API ({@code tests/benchmarks/nginx/hop.conf}): not part of the system, the
 * reference a router is measured against, i.e. what a plain proxy costs on the same machine in the same minutes.
 * Only where nginx is installed (Debian: {@code apt-get install nginx-light}); {@code -Dbench.nginx=none} skips it,
 * {@code -Dbench.nginx=PATH} names the binary. {@code pid} is the master process's: with its worker, a
 * {@link ProcessSet#tree}.
 */
record NginxHop(Path binary, Path dir, URI url, long pid) implements AutoCloseable {
    private static final Path TEMPLATE = Path.of("tests/benchmarks/nginx/hop.conf");

    /** nginx in front of {@code upstream}, its files under {@code dir}; empty where nginx is not installed. */
    static Optional<NginxHop> start(Path dir, URI upstream) throws IOException, InterruptedException {
        Optional<Path> binary = installed();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        int port = freePort();
        String conf = Files.readString(Artifacts.repositoryRoot().resolve(TEMPLATE))
                .replace("@DIR@", dir.toAbsolutePath().toString()).replace("@PORT@", String.valueOf(port))
                .replace("@UPSTREAM@", upstream.getHost() + ":" + upstream.getPort());
        Files.writeString(dir.resolve("nginx.conf"), conf);
        run(binary.get(), dir);
        Path pidFile = dir.resolve("nginx.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("nginx did not start: see " + dir.resolve("error.log"));
            }
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        return Optional.of(new NginxHop(binary.get(), dir, URI.create("http://127.0.0.1:" + port), pid));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(binary, dir, "-s", "stop");
    }

    private static Optional<Path> installed() {
        String named = System.getProperty("bench.nginx", "");
        if (named.equals("none")) {
            return Optional.empty();
        }
        if (!named.isEmpty()) {
            return Optional.of(Path.of(named));
        }
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst();
    }

    private static void run(Path binary, Path dir, String... signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()));
        command.addAll(List.of(signal));
        Process nginx = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        if (nginx.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: see " + dir.resolve("nginx.out"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
