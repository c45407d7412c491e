package io.shapes.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.control.ControlStore;
import io.shapes.control.Deployment;
import io.shapes.control.Tenants;
import io.shapes.core.Scheme;
import io.shapes.operations.FirstMap;
import io.shapes.operations.TenantPlacements;
import io.shapes.postgres.PostgresServer;

/**
 * A whole deployment on this machine, every part a real process: the control store ({@link ControlStoreNode}), N
 * cells (each with its own PostgreSQL), the publisher of the routing snapshot ({@link PublisherNode}) and M routers.
 * This class orchestrates them: {@link #start} starts the nodes, makes the first map with cell-manager's own code
 * ({@link FirstMap}: the one way a first map is made) and returns once every router holds it.
 */
public final class LocalDeployment implements AutoCloseable {
    private final Settings settings;
    private final Path dir;
    private final String adminToken;
    private final CellTokens cellTokens;
    private final Hosts hosts;
    private final List<CellNode> cells = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<RouterNode> routers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ControlStoreNode controlStore;
    private volatile PublisherNode publisher;
    private volatile ConsoleNode console;
    private volatile AutopilotNode autopilot;

    /**
     * What to run, saved with the deployment. Start from {@link #defaults()} and change what differs:
     * {@code Settings.defaults().cells(2).routers(0)}.
     */
    public record Settings(Scheme scheme, int cells, int routers, long cellCapacity, int cellMaxInFlight,
            List<String> jvmOptions, Map<String, String> cellProperties, Map<String, String> routerProperties,
            boolean detached, boolean registerCells, int firstRouterPort, int shardSize) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            cellProperties = Map.copyOf(cellProperties);
            routerProperties = Map.copyOf(routerProperties);
        }

        /**
         * 3 cells, 1 router, scheme {@code tenant}, shard size 2, 1,000,000 shapes per cell, attached, cells
         * registered.
         */
        public static Settings defaults() {
            return new Settings(Scheme.TENANT, 3, 1, 1_000_000, 256, List.of("-Xmx384m"), Map.of(), Map.of(), false,
                    true, 0, Deployment.DEFAULT_SHARD_SIZE);
        }

        /** The partition scheme. */
        public Settings scheme(Scheme value) {
            return new Settings(value, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** How many cells. */
        public Settings cells(int value) {
            return new Settings(scheme, value, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** How many routers. */
        public Settings routers(int value) {
            return new Settings(scheme, cells, value, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** Shapes per cell. */
        public Settings cellCapacity(long value) {
            return new Settings(scheme, cells, routers, value, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** Requests a cell serves at once before it sheds. */
        public Settings cellMaxInFlight(int value) {
            return new Settings(scheme, cells, routers, cellCapacity, value, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** Options of every service JVM. */
        public Settings jvmOptions(List<String> value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, value, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** One more setting of every cell (never a secret). */
        public Settings cellProperty(String key, String value) {
            Map<String, String> with = new LinkedHashMap<>(cellProperties);
            with.put(key, value);
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, with,
                    routerProperties, detached, registerCells, firstRouterPort, shardSize);
        }

        /** One more setting of every router (never a secret). */
        public Settings routerProperty(String key, String value) {
            Map<String, String> with = new LinkedHashMap<>(routerProperties);
            with.put(key, value);
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties, with,
                    detached, registerCells, firstRouterPort, shardSize);
        }

        /** Processes outlive this JVM (the launcher); by default they end with it (tests, benchmarks). */
        public Settings detached(boolean value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, value, registerCells, firstRouterPort, shardSize);
        }

        /** False: start the processes only, leaving the control store empty and the cells unregistered, for cell-manager to set up (then start no routers: they need a map). */
        public Settings registerCells(boolean value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, value, firstRouterPort, shardSize);
        }

        /** The width of a new tenant's placement under {@code tenant} (1: each tenant in one cell). */
        public Settings shardSize(int value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, firstRouterPort, value);
        }

        /** Router-1 listens on this port, router-2 on the next, … (0: free ports). */
        public Settings firstRouterPort(int value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, detached, registerCells, value, shardSize);
        }
    }

    private LocalDeployment(Settings settings, Path dir, Hosts hosts, ControlStoreNode controlStore, String adminToken,
            CellTokens cellTokens, List<CellNode> cells) {
        this.settings = settings;
        this.hosts = hosts;
        this.dir = dir;
        this.controlStore = controlStore;
        this.adminToken = adminToken;
        this.cellTokens = cellTokens;
        this.cells.addAll(cells);
    }

    /**
     * Starts the deployment in {@code dir}. If {@code dir} holds one already (its {@code deployment.json}), the same
     * deployment starts again — same tokens, ports, cells and data — and {@code settings} only says whether to detach.
     */
    public static LocalDeployment start(Path dir, Settings settings) {
        return start(dir, settings, step -> {
        });
    }

    /** Like {@link #start(Path, Settings)}, telling {@code progress} each step (a process ready, the map made). */
    public static LocalDeployment start(Path dir, Settings settings, Consumer<String> progress) {
        return start(dir, settings, Hosts.LOOPBACK, progress);
    }

    /** Like {@link #start(Path, Settings)}, each service on the host {@code hosts} gives it (a test network). */
    public static LocalDeployment startOn(Hosts hosts, Path dir, Settings settings) {
        return start(dir, settings, hosts, step -> {
        });
    }

    private static LocalDeployment start(Path dir, Settings settings, Hosts hosts, Consumer<String> progress) {
        Optional<DeploymentRecord> saved = DeploymentRecord.read(dir);
        Settings effective = saved.map(record -> record.settings().detached(settings.detached())).orElse(settings);
        ControlStoreNode controlStore = ControlStoreNode.start(dir.resolve("control-db"), effective.detached());
        progress.accept("control store's PostgreSQL ready on port " + controlStore.database().orElseThrow().port());
        CellTokens cellTokens = saved.map(DeploymentRecord::cellTokens).orElseGet(CellTokens::random);
        String adminToken = saved.map(DeploymentRecord::adminToken).orElseGet(CellTokens::randomToken);
        Map<String, Integer> cellPorts = new LinkedHashMap<>();
        saved.ifPresentOrElse(record -> record.cells().forEach(c -> cellPorts.put(c.name(),
                Ports.required(c.port(), c.name()))),
                () -> IntStream.rangeClosed(1, effective.cells()).forEach(i -> cellPorts.put("cell-" + i, 0)));
        List<CellNode> cells;
        try {
            cells = startCells(effective, dir, hosts, cellTokens, cellPorts, progress);
        } catch (RuntimeException e) {
            controlStore.close();
            throw e;
        }
        LocalDeployment deployment = new LocalDeployment(effective, dir, hosts, controlStore, adminToken, cellTokens,
                cells);
        try {
            if (saved.isEmpty() && effective.registerCells()) {
                deployment.initialise();
                progress.accept("map published: buckets spread evenly over " + cells.size() + " cell(s)");
            }
            if (saved.map(r -> r.publisher() != null).orElse(effective.registerCells())) {
                PublisherNode started = deployment.startPublisher(saved.map(DeploymentRecord::publisher)
                        .map(p -> Ports.required(p.port(), p.name())).orElse(0));
                progress.accept("publisher serves the routing snapshot at " + started.url());
            }
            List<DeploymentRecord.Service> routers = saved.map(DeploymentRecord::routers).orElseGet(() -> IntStream
                    .rangeClosed(1, effective.routers()).mapToObj(i -> new DeploymentRecord.Service("router-" + i,
                            effective.firstRouterPort() == 0 ? 0 : effective.firstRouterPort() + i - 1, 0, 0,
                            List.of(), Map.of()))
                    .toList());
            for (DeploymentRecord.Service router : routers) {
                int port = saved.isPresent() ? Ports.required(router.port(), router.name()) : Ports.preferred(router.port());
                RouterNode started = deployment.startRouter(router.name(), port, Map.of());
                progress.accept(router.name() + " ready at " + started.url());
            }
            if (saved.map(r -> r.console() != null).orElse(false)) {
                ConsoleNode started = deployment.startConsole(Ports.required(saved.get().console().port(),
                        ConsoleNode.NAME));
                progress.accept("console at " + started.url());
            }
            if (saved.map(r -> r.autopilot() != null).orElse(false)) {
                deployment.autopilot = AutopilotNode.attach(dir, saved.get().autopilot()).restart();
                progress.accept("autopilot running again (log " + deployment.autopilot.service().log() + ")");
            }
            deployment.save();
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /**
     * The deployment saved in {@code dir}, as it is now: processes found by their pids, databases by their data
     * directories. Parts that are not running show as such; nothing is started.
     */
    public static Optional<LocalDeployment> attach(Path dir) {
        return DeploymentRecord.read(dir).map(record -> {
            List<CellNode> cells = new ArrayList<>();
            for (DeploymentRecord.Service cell : record.cells()) {
                cells.add(CellNode.attach(cell.name(), dir.resolve(cell.name()), attached(dir, cell, "cell.log")));
            }
            LocalDeployment deployment = new LocalDeployment(record.settings(), dir, Hosts.LOOPBACK,
                    ControlStoreNode.attach(dir.resolve("control-db")), record.adminToken(), record.cellTokens(), cells);
            if (record.publisher() != null) {
                DeploymentRecord.Service publisher = record.publisher();
                deployment.publisher = PublisherNode.attach(dir.resolve(publisher.name()), ServiceProcess.attach(publisher.name(),
                        java.net.URI.create("http://127.0.0.1:" + publisher.port()),
                        dir.resolve(publisher.name()).resolve("publisher.log"), publisher.command(),
                        publisher.environment(), publisher.pid(), "/manifest.json"));
            }
            if (record.console() != null) {
                deployment.console = ConsoleNode.attach(dir.resolve(ConsoleNode.NAME), record.console());
            }
            if (record.autopilot() != null) {
                deployment.autopilot = AutopilotNode.attach(dir, record.autopilot());
            }
            record.routers().forEach(router -> deployment.routers.add(
                    RouterNode.attach(router.name(), attached(dir, router, "router.log"))));
            return deployment;
        });
    }

    private static ServiceProcess attached(Path dir, DeploymentRecord.Service service, String log) {
        return ServiceProcess.attach(service.name(), java.net.URI.create("http://127.0.0.1:" + service.port()),
                java.net.URI.create("http://127.0.0.1:" + service.managementPort()),
                dir.resolve(service.name()).resolve(log), service.command(), service.environment(), service.pid());
    }

    /** Whether any process or database of the deployment runs. */
    public boolean isAnyPartRunning() {
        return controlStore.isRunning() || publisher != null && publisher.service().isAlive()
                || console != null && console.service().isAlive()
                || autopilot != null && autopilot.isRunning()
                || cells.stream().anyMatch(c -> c.service().isAlive() || c.database().isPresent())
                || routers.stream().anyMatch(r -> r.service().isAlive());
    }

    /**
     * Writes {@code deployment.json}: tokens, ports, pids and commands of every process; and the processes as
     * Prometheus scrape targets ({@link ScrapeTargets}).
     */
    public void save() {
        ScrapeTargets.write(dir, ScrapeTargets.of(cells, routers, publisher));
        new DeploymentRecord(settings, adminToken, cellTokens,
                cells.stream().map(c -> DeploymentRecord.Service.of(c.service())).toList(),
                routers.stream().map(r -> DeploymentRecord.Service.of(r.service())).toList(),
                publisher == null ? null : DeploymentRecord.Service.of(publisher.service()),
                autopilot == null ? null : DeploymentRecord.Service.of(autopilot.service()),
                console == null ? null : DeploymentRecord.Service.of(console.service())).write(dir);
    }

    /** Starts one more router with extra settings (e.g. a long snapshot period); it joins {@link #routers()}. */
    public RouterNode startRouter(String name, Map<String, String> properties) {
        return startRouter(name, 0, properties);
    }

    private RouterNode startRouter(String name, int port, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(settings.routerProperties());
        all.putAll(properties);
        RouterNode router = RouterNode.start(new RouterNode.Spec(name, publisher().url(), adminToken,
                cellTokens.dataToken(), settings.jvmOptions(), all), dir.resolve(name), port, hosts.hostOf(name));
        routers.add(router);
        return router;
    }

    /** Starts one more empty cell with its own PostgreSQL; it is not in the map until the cell-manager adds it. */
    public CellNode startCell(String name) {
        if (cells.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("there is a cell " + name + " already");
        }
        CellNode cell = CellNode.start(cellSpec(settings, name, cellTokens), dir.resolve(name), 0, settings.detached(),
                hosts.hostOf(name));
        cells.add(cell);
        save();
        return cell;
    }

    /** The deployment's control store client (one, keeping one connection). */
    public ControlStore controlStore() {
        return controlStore.client();
    }

    /** The control store's JDBC URL with its owner's credentials, as cell-manager takes it ({@code SHAPES_CONTROL_DB}). */
    public String controlStoreUrl() {
        return controlStore.ownerUrl();
    }

    /** The control store node: its PostgreSQL, stopped, killed and started again by chaos tests. */
    public ControlStoreNode controlStoreNode() {
        return controlStore;
    }

    /**
     * The publisher, started (and its first publication awaited) if it does not run yet: routers need it, and it
     * needs a map (after {@code cell-manager init}).
     */
    public synchronized PublisherNode publisher() {
        if (publisher == null) {
            startPublisher(0);
        }
        return publisher;
    }

    /** The publisher, if it was started. */
    public Optional<PublisherNode> publisherIfStarted() {
        return Optional.ofNullable(publisher);
    }

    private synchronized PublisherNode startPublisher(int port) {
        publisher = PublisherNode.start(dir.resolve(PublisherNode.NAME), hosts.hostOf(PublisherNode.NAME), port,
                controlStore.readOnlyUrl(PublisherNode.ROLE)).awaitReady();
        save();
        return publisher;
    }

    /**
     * Starts the operations console ({@link ConsoleNode}) on a free port unless it runs already; it shows the routers
     * that run now. It starts again with every later {@code up}.
     */
    public synchronized ConsoleNode startConsole() {
        return console != null && console.service().isAlive() ? console : startConsole(0);
    }

    private synchronized ConsoleNode startConsole(int port) {
        console = ConsoleNode.start(dir.resolve(ConsoleNode.NAME), hosts.hostOf(ConsoleNode.NAME), port,
                controlStore.readOnlyUrl(ConsoleNode.ROLE), adminToken, cellTokens.adminToken(), routers);
        save();
        return console;
    }

    /** The console, if it was started. */
    public Optional<ConsoleNode> console() {
        return Optional.ofNullable(console);
    }

    /**
     * Starts {@code cell-manager autopilot} beside the deployment with {@code options} (unless it runs already): new
     * cells come from this deployment's launcher. It starts again with every later {@code up}.
     */
    public synchronized AutopilotNode startAutopilot(List<String> options) {
        if (autopilot == null || !autopilot.isRunning()) {
            autopilot = AutopilotNode.start(dir, controlStoreUrl(), cellTokens.adminToken(), options);
            save();
        }
        return autopilot;
    }

    /** The autopilot, if {@code up --autopilot} started one. */
    public Optional<AutopilotNode> autopilot() {
        return Optional.ofNullable(autopilot);
    }

    /** What cell-manager needs to manage this deployment: the control store and the cells' admin token. */
    public Map<String, String> cellManagerEnvironment() {
        return Map.of("SHAPES_CONTROL_DB", controlStoreUrl(), "SHAPES_CELL_ADMIN_TOKEN", cellTokens.adminToken());
    }

    /** Runs cell-manager against this deployment, e.g. {@code cellManager("cell", "list", "--json")}. */
    public CellManagerRun cellManager(String... args) {
        return CellManagerRun.run(cellManagerEnvironment(), java.time.Duration.ofMinutes(5), args);
    }

    /** Creates a tenant and returns its API key. */
    public String createTenant(String tenant) {
        return tenantPlacements().create(tenant).apiKey();
    }

    /** Tenants in their placements, as {@code cell-manager tenant create} and {@code tenant spread} place them. */
    public TenantPlacements tenantPlacements() {
        return new TenantPlacements(controlStore(), cellAdmin());
    }

    /** A new API key for the tenant: its first if it is new, one more if it exists. */
    public String issueKey(String tenant) {
        Tenants tenants = controlStore().tenants();
        return (tenants.exists(tenant) ? tenants.addKey(tenant) : tenantPlacements().create(tenant)).apiKey();
    }

    public List<CellNode> cells() {
        return List.copyOf(cells);
    }

    public CellNode cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell " + name));
    }

    public List<RouterNode> routers() {
        return List.copyOf(routers);
    }

    public RouterNode router(int index) {
        return routers.get(index);
    }

    public String adminToken() {
        return adminToken;
    }

    /** The cells' data-plane token (what routers present) and admin token (what cell-manager presents). */
    public CellTokens cellTokens() {
        return cellTokens;
    }

    /** A client of the cells' internal admin API, with this deployment's cell admin token. */
    public CellAdminClient cellAdmin() {
        return new CellAdminClient(cellTokens.adminToken(), java.time.Duration.ofSeconds(30));
    }

    public Settings settings() {
        return settings;
    }

    /** The control store's PostgreSQL, if it runs. */
    public Optional<PostgresServer> controlDatabase() {
        return controlStore.database();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        Consumer<AutoCloseable> quietly = part -> {
            try {
                part.close();
            } catch (Exception e) {
                failures.add(new RuntimeException(e));
            }
        };
        if (autopilot != null) {
            quietly.accept(autopilot);
        }
        if (console != null) {
            quietly.accept(console);
        }
        routers.forEach(quietly);
        if (publisher != null) {
            quietly.accept(publisher);
        }
        cells.forEach(quietly);
        quietly.accept(controlStore);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static CellNode.Spec cellSpec(Settings settings, String name, CellTokens tokens) {
        return new CellNode.Spec(name, settings.scheme(), settings.cellCapacity(), settings.cellMaxInFlight(),
                tokens, settings.jvmOptions(), settings.cellProperties());
    }

    private static List<CellNode> startCells(Settings settings, Path dir, Hosts hosts, CellTokens tokens,
            Map<String, Integer> ports, Consumer<String> progress) {
        java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, ports.size()));
        List<CompletableFuture<CellNode>> starting = ports.entrySet().stream()
                .map(cell -> CompletableFuture.supplyAsync(() -> {
                    CellNode started = CellNode.start(cellSpec(settings, cell.getKey(), tokens),
                            dir.resolve(cell.getKey()), cell.getValue(), settings.detached(),
                            hosts.hostOf(cell.getKey()));
                    progress.accept(started.name() + " and its PostgreSQL ready at " + started.url());
                    return started;
                }, starters))
                .toList();
        starters.shutdown();
        List<CellNode> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<CellNode> cell : starting) {
            try {
                started.add(cell.join());
            } catch (CompletionException e) {
                failure = failure != null ? failure : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        if (failure != null) {
            started.forEach(CellNode::close);
            throw failure;
        }
        return started;
    }

    /**
     * Initialises the control store and makes the first map over every cell with cell-manager's own code
     * ({@link FirstMap}, what {@code cell-manager init --cell NAME=URL …} runs).
     */
    private void initialise() {
        ControlStore store = controlStore().migrate();
        store.deployment().init(settings.scheme(), settings.cellCapacity(), settings.shardSize());
        Map<String, java.net.URI> first = new LinkedHashMap<>();
        cells.forEach(cell -> first.put(cell.name(), cell.url()));
        FirstMap.spread(store, cellAdmin(), first);
    }
}
