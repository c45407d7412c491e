package io.shapes.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * A PostgreSQL server in a data directory of ours, listening on one address only (127.0.0.1 unless started on another
 * {@link NetworkHost}), with a database and user {@code shapes} whose password is generated at {@code initdb} and
 * kept beside the data. Clients log in with a password (SCRAM), from the host's client network only.
 *
 * <p>Starting on a directory that already holds a cluster keeps its data (and its port, when still free). A server
 * started with {@link Options#stopWithJvm()} is stopped by a shutdown hook, and, should the JVM die without running
 * it, by the next {@code start} on this machine (see {@link OrphanReaper}).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "shapes";
    public static final String USER = "shapes";
    private static final String CREDENTIALS = "shapes.credentials";
    private static final String PORT_FILE = "shapes.port";
    private static final String ADDRESS_FILE = "shapes.address";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int port;
    private final String address;
    private final String password;
    private final PostgresBinaries binaries;
    private final ServerAccount account;
    private final Thread shutdownHook;

    /**
     * How to start a server. {@code port} 0 means the port used last time if free, else any free port; {@code host}
     * is where it runs and listens.
     */
    public record Options(int port, boolean stopWithJvm, NetworkHost host) {
        public static Options forTests() {
            return new Options(0, true, NetworkHost.LOOPBACK);
        }

        public static Options detached(int port) {
            return new Options(port, false, NetworkHost.LOOPBACK);
        }

        /** The same options, the server running on {@code value}. */
        public Options on(NetworkHost value) {
            return new Options(port, stopWithJvm, value);
        }
    }

    private PostgresServer(Path dataDir, int port, String address, String password, PostgresBinaries binaries,
            ServerAccount account, boolean stopWithJvm) {
        this.dataDir = dataDir;
        this.port = port;
        this.address = address;
        this.password = password;
        this.binaries = binaries;
        this.account = account;
        this.shutdownHook = stopWithJvm ? new Thread(this::stopQuietly, "postgres-stop-" + port) : null;
    }

    public static PostgresServer start(Path dataDir) {
        return start(dataDir, Options.forTests());
    }

    public static PostgresServer start(Path dataDir, Options options) {
        return start(dataDir, options, PostgresServer::anyFreePort);
    }

    /** As {@link #start(Path, Options)}, taking the ports it chooses (when none is requested) from {@code freePorts}. */
    static PostgresServer start(Path dataDir, Options options, IntSupplier freePorts) {
        OrphanReaper.reap();
        Path dir = dataDir.toAbsolutePath().normalize();
        PostgresBinaries binaries = PostgresBinaries.locate();
        ServerAccount account = ServerAccount.current();
        try {
            if (!Files.exists(dir.resolve("PG_VERSION"))) {
                initdb(dir, binaries, account);
            }
            stopLeftover(dir, binaries, account);
            NetworkHost host = options.host();
            ClientAccess.allow(dir, host.clientNetwork());
            int port = startOnAFreePort(dir, options.port(), freePorts, host, binaries, account);
            Files.writeString(dir.resolve(PORT_FILE), String.valueOf(port));
            Files.writeString(dir.resolve(ADDRESS_FILE), host.address());
            PostgresServer server = new PostgresServer(dir, port, host.address(),
                    Files.readString(dir.resolve(CREDENTIALS)).trim(), binaries, account, options.stopWithJvm());
            if (options.stopWithJvm()) {
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
                OrphanReaper.register(dir);
            }
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL in " + dir + " (" + binaries.source()
                    + " binaries in " + binaries.binDir() + "): " + e.getMessage(), e);
        }
    }

    /** The server already running on {@code dataDir} (started detached, perhaps by another JVM), if any. */
    public static Optional<PostgresServer> running(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!readPostmasterPid(dir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).trim());
            Path addressFile = dir.resolve(ADDRESS_FILE);
            String address = Files.exists(addressFile) ? Files.readString(addressFile).trim()
                    : NetworkHost.LOOPBACK.address();
            return Optional.of(new PostgresServer(dir, port, address, Files.readString(dir.resolve(CREDENTIALS)).trim(),
                    PostgresBinaries.locate(), ServerAccount.current(), false));
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL runs in " + dir + " but its port or password is unreadable", e);
        }
    }

    public int port() {
        return port;
    }

    /** The address it listens on. */
    public String host() {
        return address;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String database() {
        return DATABASE;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return connect(jdbcUrl());
    }

    /** Connects without {@code DriverManager}, which misses the driver in isolated class loaders. */
    private Connection connect(String url) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", password);
        return new org.postgresql.Driver().connect(url, credentials);
    }

    /** A role to log in with: its name and password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[" + user + "]";
        }
    }

    /**
     * A login that owns the database {@link #DATABASE} and everything in its public schema but is no superuser: what
     * a service that runs its own migrations (a cell) should connect as.
     */
    public Login ownerLogin(String role) {
        return login(role, "owner", c -> Logins.makeOwner(c, DATABASE, role));
    }

    /** A login that may connect to {@link #DATABASE} and only read its public schema's tables, present and future. */
    public Login readOnlyLogin(String role) {
        return login(role, "read-only", c -> Logins.grantReadOnly(c, DATABASE, role));
    }

    private interface Grant {
        void apply(Connection superuser) throws SQLException;
    }

    /** Creates (or refreshes) {@code role} with its kept password and gives it what {@code grant} gives. */
    private Login login(String role, String kind, Grant grant) {
        try (Connection c = connect()) {
            String password = Logins.ensureRole(c, dataDir, role);
            grant.apply(c);
            return new Login(role, password);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not set up the " + kind + " role " + role + " in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Connects to {@link #DATABASE} as {@code login}. */
    public Connection connect(Login login) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", login.user());
        credentials.setProperty("password", login.password());
        return new org.postgresql.Driver().connect(jdbcUrl(), credentials);
    }

    /** The pid of the postmaster, as recorded in {@code postmaster.pid}. */
    public long postmasterPid() {
        return readPostmasterPid(dataDir).orElseThrow(() -> new IllegalStateException("no postmaster.pid in " + dataDir));
    }

    public boolean isRunning() {
        return readPostmasterPid(dataDir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Fast shutdown: active transactions are rolled back, committed data is kept. */
    public void stop() {
        try {
            if (isRunning()) {
                pgCtl(binaries, account, List.of("stop", "-D", dataDir.toString(), "-m", "fast", "-w"));
            }
            OrphanReaper.unregister(dataDir);
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop PostgreSQL in " + dataDir, e);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or will run
        }
    }

    /**
     * A crash of the database's machine: every process of the server dies at once, the postmaster and every backend
     * it started, so no orphaned backend keeps serving a pooled connection. The postmaster is stopped (SIGSTOP) first
     * so that it starts no process while its family is counted, then the whole family, so that no backend runs its
     * own way out (a backend that outlives the postmaster for a moment notices, logs and exits: thirty of them at once
     * take the CPU from everything else on the machine, which a crash does not); then all get SIGKILL. Waits until
     * every one is gone.
     */
    public void kill() {
        readPostmasterPid(dataDir).flatMap(ProcessHandle::of).ifPresent(postmaster -> {
            freeze(List.of(postmaster));
            List<ProcessHandle> family = new ArrayList<>(postmaster.descendants().toList());
            freeze(family);
            family.add(0, postmaster);
            family.forEach(ProcessHandle::destroyForcibly);
            try {
                CompletableFuture.allOf(family.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("server processes of " + dataDir + " did not exit after SIGKILL", e);
            }
        });
    }

    /** SIGSTOP to every one of {@code processes}, in one command. */
    private void freeze(List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-STOP"));
        processes.forEach(p -> command.add(String.valueOf(p.pid())));
        try {
            // a backend that exited since it was counted is not an error: it is gone already
            new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the server processes of " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("could not stop PostgreSQL in " + dataDir + ": " + e.getMessage());
        }
    }

    private void createDatabase() throws IOException {
        String adminUrl = "jdbc:postgresql://" + host() + ":" + port + "/postgres";
        try (Connection c = connect(adminUrl);
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private static void initdb(Path dir, PostgresBinaries binaries, ServerAccount account) throws IOException {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        account.own(dir);
        Path pwfile = Files.createTempFile("shapes-pw", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, password + "\n");
            account.own(pwfile);
            Commands.run(account.command(List.of(binaries.tool("initdb").toString(), "-D", dir.toString(),
                    "-U", USER, "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
                    "--no-instructions")), 120);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Path credentials = dir.resolve(CREDENTIALS);
        Files.writeString(credentials, password + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    }

    /** A postmaster still running on this directory (from a JVM that died) is stopped before we start anew. */
    private static void stopLeftover(Path dir, PostgresBinaries binaries, ServerAccount account) throws IOException {
        if (readPostmasterPid(dir).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
            pgCtl(binaries, account, List.of("stop", "-D", dir.toString(), "-m", "fast", "-w"));
        }
    }

    /**
     * Starts the server and answers its port. A port chosen here (none was requested) may be taken between the
     * choice and the server's bind: by another server starting side by side, to which the kernel offered the same
     * free port, or by any process. The server then fails with "Address already in use" in its log, and is started
     * again on another free port, up to {@link #BIND_ATTEMPTS} times.
     */
    private static int startOnAFreePort(Path dir, int requested, IntSupplier freePorts,
            NetworkHost host, PostgresBinaries binaries, ServerAccount account) throws IOException {
        Path log = dir.resolve("server.log");
        int port = choosePort(dir, requested, freePorts);
        for (int attempt = 1;; attempt++) {
            long logged = Files.exists(log) ? Files.size(log) : 0;
            try {
                Commands.run(host.run(account.command(pgCtlCommand(binaries, List.of("start", "-D", dir.toString(),
                        "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "-l", log.toString(), "-o", "-p " + port
                                + " -c listen_addresses=" + host.address() + " -c unix_socket_directories=''")))),
                        START_TIMEOUT.toSeconds() + 30);
                return port;
            } catch (IOException e) {
                if (requested > 0 || attempt == BIND_ATTEMPTS || !loggedSince(log, logged, "Address already in use")) {
                    throw e;
                }
                port = freePorts.getAsInt();
            }
        }
    }

    private static final int BIND_ATTEMPTS = 3;

    /** Whether what {@code log} gained past {@code offset} holds {@code text}. */
    private static boolean loggedSince(Path log, long offset, String text) throws IOException {
        if (!Files.exists(log)) {
            return false;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= offset) {
                return false;
            }
            byte[] added = new byte[(int) Math.min(length - offset, 1 << 20)];
            file.seek(offset);
            file.readFully(added);
            return new String(added, StandardCharsets.UTF_8).contains(text);
        }
    }

    private static int choosePort(Path dir, int requested, IntSupplier freePorts) throws IOException {
        if (requested > 0) {
            return requested;
        }
        Path portFile = dir.resolve(PORT_FILE);
        if (Files.exists(portFile)) {
            int previous = Integer.parseInt(Files.readString(portFile).trim());
            if (isFree(previous)) {
                return previous;
            }
        }
        return freePorts.getAsInt();
    }

    private static int anyFreePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void pgCtl(PostgresBinaries binaries, ServerAccount account, List<String> args) throws IOException {
        Commands.run(account.command(pgCtlCommand(binaries, args)), START_TIMEOUT.toSeconds() + 30);
    }

    private static List<String> pgCtlCommand(PostgresBinaries binaries, List<String> args) {
        var command = new ArrayList<>(List.of(binaries.tool("pg_ctl").toString()));
        command.addAll(args);
        return command;
    }

    static Optional<Long> readPostmasterPid(Path dir) {
        try {
            Path pidFile = dir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
