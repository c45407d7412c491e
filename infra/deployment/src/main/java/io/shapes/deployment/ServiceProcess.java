package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.shapes.postgres.NetworkHost;

/**
 * A Quarkus service run from its packaged jar as a separate process, logging to a file. Its health and metrics are
 * on its management port, apart from its service port; it is ready when {@code /q/health/ready} answers 200 there. Signals: stop (TERM), kill (KILL), pause (STOP) and resume (CONT). The
 * process does not end with the JVM that started it: another JVM can {@link #attach} to it by its pid.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final String QUARKUS_READY = "/q/health/ready";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String name;
    private final URI url;
    private final URI managementUrl;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Optional<ProcessHandle> process;
    private final String readyPath;

    private ServiceProcess(String name, URI url, URI managementUrl, Path log, List<String> command,
            Map<String, String> environment, Optional<ProcessHandle> process) {
        this(name, url, managementUrl, log, command, environment, process, QUARKUS_READY);
    }

    private ServiceProcess(String name, URI url, URI managementUrl, Path log, List<String> command,
            Map<String, String> environment, Optional<ProcessHandle> process, String readyPath) {
        this.readyPath = readyPath;
        this.name = name;
        this.url = url;
        this.managementUrl = managementUrl;
        this.log = log;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.process = process;
    }

    /**
     * Starts {@code jar} on {@code host} with the given system properties, HTTP on the host's address and
     * {@code port}. {@code secrets} (settings such as {@code shapes.cell.admin-token}) never reach the command line,
     * where every user of the machine could read them: each is written to a 0600 file in a 0700 {@code secrets}
     * folder beside the log, and the process is told its path in the environment ({@code SHAPES_CELL_ADMIN_TOKEN_FILE}).
     */
    public static ServiceProcess start(String name, Path jar, NetworkHost host, int port, Map<String, String> properties,
            Map<String, String> secrets, Path log, List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -DskipTests package)");
        }
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        java.addAll(jvmOptions);
        int managementPort = Ports.free();
        java.add("-Dquarkus.http.port=" + port);
        java.add("-Dquarkus.http.host=" + host.address());
        java.add("-Dquarkus.management.port=" + managementPort);
        java.add("-Dquarkus.management.host=" + host.address());
        properties.forEach((key, value) -> java.add("-D" + key + "=" + value));
        java.add("-jar");
        java.add(jar.toString());
        Map<String, String> environment = SecretFolder.write(log.getParent().resolve("secrets"), secrets);
        return launch(name, http(host, port), http(host, managementPort), log, host.run(java), environment);
    }

    /**
     * Starts a process that is not a Quarkus service ({@code command} whole, run on {@code host}), listening on the
     * host's address and {@code port}: ready when {@code readyPath} answers 200 there. {@code secrets} are passed as
     * for {@link #start}.
     */
    public static ServiceProcess startCommand(String name, NetworkHost host, int port, List<String> command,
            Map<String, String> secrets, Path log, String readyPath) {
        Map<String, String> environment = SecretFolder.write(log.getParent().resolve("secrets"), secrets);
        URI url = http(host, port);
        return launch(name, url, url, log, host.run(command), environment).readyAt(readyPath);
    }

    /**
     * Starts a background process that serves nothing ({@code command} whole, on this host): its health is that it
     * runs. {@code secrets} are passed as for {@link #start}; {@code environment} is added as it is (no secrets).
     */
    public static ServiceProcess startBackground(String name, List<String> command, Map<String, String> secrets,
            Map<String, String> environment, Path log) {
        Map<String, String> all = new java.util.LinkedHashMap<>(SecretFolder.write(log.getParent().resolve("secrets"),
                secrets));
        all.putAll(environment);
        return launch(name, NOWHERE, NOWHERE, log, command, all);
    }

    /** The address of a process that serves nothing. */
    public static final URI NOWHERE = URI.create("http://127.0.0.1:0");

    private static URI http(NetworkHost host, int port) {
        return URI.create("http://" + host.address() + ":" + port);
    }

    private ServiceProcess readyAt(String path) {
        return new ServiceProcess(name, url, managementUrl, log, command, environment, process, path);
    }

    /** Like {@link #attach(String, URI, URI, Path, List, Map, long)}, for a process ready when {@code readyPath} answers. */
    public static ServiceProcess attach(String name, URI url, Path log, List<String> command,
            Map<String, String> environment, long pid, String readyPath) {
        return attach(name, url, url, log, command, environment, pid).readyAt(readyPath);
    }

    /** The service started earlier (perhaps by another JVM) as {@code pid}; not running if that process is gone. */
    public static ServiceProcess attach(String name, URI url, URI managementUrl, Path log, List<String> command,
            Map<String, String> environment, long pid) {
        return new ServiceProcess(name, url, managementUrl, log, command, environment, ProcessHandle.of(pid)
                .filter(p -> Processes.isRunning(p.pid())
                        && p.info().command().map(c -> c.equals(command.get(0))).orElse(true)));
    }

    /** Starts the same service again (same port, same settings, same log) after it stopped or was killed. */
    public ServiceProcess restart() {
        kill();
        return launch(name, url, managementUrl, log, command, environment).readyAt(readyPath);
    }

    private static ServiceProcess launch(String name, URI url, URI managementUrl, Path log, List<String> command,
            Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder.redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ServiceProcess(name, url, managementUrl, log, command, environment,
                    Optional.of(process.toHandle()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until the service is ready; fails early if the process dies, quoting the end of its log. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited; log " + log + ":\n" + tail());
            }
            if (isReady()) {
                return this;
            }
            waitForExit(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; log " + log + ":\n" + tail());
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(managementUrl.resolve(readyPath))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    /** Where its health and metrics are: {@code /q/health/…}, {@code /q/metrics}. */
    public URI managementUrl() {
        return managementUrl;
    }

    /** The pid, or -1 when the process is gone. */
    public long pid() {
        return process.filter(p -> Processes.isRunning(p.pid())).map(ProcessHandle::pid).orElse(-1L);
    }

    public Path log() {
        return log;
    }

    /** The command that starts this service, for a later {@link #attach}. */
    public List<String> command() {
        return command;
    }

    /** What the service's environment adds: paths of its secret files, never a secret. */
    public Map<String, String> environment() {
        return environment;
    }

    public boolean isAlive() {
        return process.map(p -> Processes.isRunning(p.pid())).orElse(false);
    }

    /** SIGTERM, and waits for a graceful exit (SIGKILL after 20 s). */
    public void stop() {
        if (!isAlive()) {
            return;
        }
        signal("TERM");
        if (!waitForExit(Duration.ofSeconds(20))) {
            kill();
        }
    }

    /** SIGKILL, as a crash would (a paused process is killed too). */
    public void kill() {
        if (!isAlive()) {
            return;
        }
        process.get().destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the process hangs, connections stay open (a gray failure). */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    @Override
    public void close() {
        resume();
        stop();
    }

    private boolean waitForExit(Duration timeout) {
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !isAlive();
        }
    }

    private void signal(String signal) {
        if (!isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.get().pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
