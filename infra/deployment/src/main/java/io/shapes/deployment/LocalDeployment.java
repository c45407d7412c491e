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
import io.shapes.control.Tenants;
import io.shapes.core.Scheme;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.map.CellRef;
import io.shapes.core.map.RangeAssignment;
import io.shapes.core.map.RoutingMap;
import io.shapes.postgres.PostgresServer;

/**
 * A whole deployment on this machine, every part a real process: the control store's PostgreSQL, N cells (each
 * with its own PostgreSQL) and M routers. {@link #start} initialises the control store, registers the cells,
 * spreads the buckets evenly over them, hands each cell its ranges (as the cell-manager would) and waits until every router holds the map.
 */
public final class LocalDeployment implements AutoCloseable {
    private final Settings settings;
    private final Path dir;
    /** The role routers read the control store with: SELECT only. */
    static final String ROUTER_ROLE = "shapes_router";
    private final String adminToken;
    private final CellTokens cellTokens;
    private final List<CellNode> cells = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<RouterNode> routers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile PostgresServer controlDatabase;
    private ControlStore controlStore;
    private String controlStoreAt;

    /** What to run; see {@link #builder}. */
    public record Settings(Scheme scheme, int cells, int routers, long cellCapacity, int cellMaxInFlight,
            List<String> jvmOptions, Map<String, String> cellProperties, Map<String, String> routerProperties,
            boolean detached, boolean registerCells, int firstRouterPort) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            cellProperties = Map.copyOf(cellProperties);
            routerProperties = Map.copyOf(routerProperties);
        }

        Settings detachedAs(boolean value) {
            return new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions, cellProperties,
                    routerProperties, value, registerCells, firstRouterPort);
        }
    }

    /** Builds {@link Settings}: 3 cells, 1 router, scheme {@code tenant}, capacity 1,000,000 per cell, attached. */
    public static final class Builder {
        private final Path dir;
        private Scheme scheme = Scheme.TENANT;
        private int cells = 3;
        private int routers = 1;
        private long cellCapacity = 1_000_000;
        private int cellMaxInFlight = 256;
        private List<String> jvmOptions = List.of("-Xmx384m");
        private final Map<String, String> cellProperties = new LinkedHashMap<>();
        private final Map<String, String> routerProperties = new LinkedHashMap<>();
        private boolean detached;
        private boolean registerCells = true;
        private int firstRouterPort;
        private Consumer<String> progress = step -> {
        };

        private Builder(Path dir) {
            this.dir = dir;
        }

        public Builder scheme(Scheme value) {
            scheme = value;
            return this;
        }

        public Builder cells(int value) {
            cells = value;
            return this;
        }

        public Builder routers(int value) {
            routers = value;
            return this;
        }

        public Builder cellCapacity(long value) {
            cellCapacity = value;
            return this;
        }

        public Builder cellMaxInFlight(int value) {
            cellMaxInFlight = value;
            return this;
        }

        public Builder jvmOptions(List<String> value) {
            jvmOptions = value;
            return this;
        }

        public Builder cellProperty(String key, String value) {
            cellProperties.put(key, value);
            return this;
        }

        public Builder routerProperty(String key, String value) {
            routerProperties.put(key, value);
            return this;
        }

        /** Processes outlive this JVM (the launcher); by default they end with it (tests, benchmarks). */
        public Builder detached(boolean value) {
            detached = value;
            return this;
        }

        /** router-1 listens on this port, router-2 on the next, … (0: free ports). */
        public Builder firstRouterPort(int value) {
            firstRouterPort = value;
            return this;
        }

        /**
         * false: start the processes only, leaving the control store empty and the cells unregistered, for
         * cell-manager to set up (then start no routers: they need a map).
         */
        public Builder registerCells(boolean value) {
            registerCells = value;
            return this;
        }

        /** Told each step of the start (a process ready, the map published). */
        public Builder progress(Consumer<String> value) {
            progress = value;
            return this;
        }

        public LocalDeployment start() {
            return LocalDeployment.start(new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions,
                    cellProperties, routerProperties, detached, registerCells, firstRouterPort), dir, progress);
        }
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    private LocalDeployment(Settings settings, Path dir, PostgresServer controlDatabase, String adminToken,
            CellTokens cellTokens, List<CellNode> cells) {
        this.settings = settings;
        this.dir = dir;
        this.controlDatabase = controlDatabase;
        this.adminToken = adminToken;
        this.cellTokens = cellTokens;
        this.cells.addAll(cells);
    }

    /**
     * Starts the deployment in {@code dir}. If {@code dir} holds one already (its {@code deployment.json}), the same
     * deployment starts again — same tokens, ports, cells and data — and {@code settings} only says whether to detach.
     */
    public static LocalDeployment start(Settings settings, Path dir) {
        return start(settings, dir, step -> {
        });
    }

    private static LocalDeployment start(Settings settings, Path dir, Consumer<String> progress) {
        Optional<DeploymentRecord> saved = DeploymentRecord.read(dir);
        Settings effective = saved.map(record -> record.settings().detachedAs(settings.detached())).orElse(settings);
        PostgresServer controlDatabase = PostgresServer.start(dir.resolve("control-db"), effective.detached()
                ? PostgresServer.Options.detached(0) : PostgresServer.Options.forTests());
        progress.accept("control store's PostgreSQL ready on port " + controlDatabase.port());
        CellTokens cellTokens = saved.map(DeploymentRecord::cellTokens).orElseGet(CellTokens::random);
        String adminToken = saved.map(DeploymentRecord::adminToken).orElseGet(CellTokens::randomToken);
        Map<String, Integer> cellPorts = new LinkedHashMap<>();
        saved.ifPresentOrElse(record -> record.cells().forEach(c -> cellPorts.put(c.name(),
                Ports.required(c.port(), c.name()))),
                () -> IntStream.rangeClosed(1, effective.cells()).forEach(i -> cellPorts.put("cell-" + i, 0)));
        List<CellNode> cells;
        try {
            cells = startCells(effective, dir, cellTokens, cellPorts, progress);
        } catch (RuntimeException e) {
            controlDatabase.stop();
            throw e;
        }
        LocalDeployment deployment = new LocalDeployment(effective, dir, controlDatabase, adminToken, cellTokens,
                cells);
        try {
            if (saved.isEmpty() && effective.registerCells()) {
                deployment.publishEvenMap();
                progress.accept("map published: buckets spread evenly over " + cells.size() + " cell(s)");
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
            LocalDeployment deployment = new LocalDeployment(record.settings(), dir,
                    PostgresServer.running(dir.resolve("control-db")).orElse(null), record.adminToken(),
                    record.cellTokens(), cells);
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
        return controlDatabase != null && controlDatabase.isRunning()
                || cells.stream().anyMatch(c -> c.service().isAlive() || c.database().isPresent())
                || routers.stream().anyMatch(r -> r.service().isAlive());
    }

    /** Writes {@code deployment.json}: tokens, ports, pids and commands of every process. */
    public void save() {
        new DeploymentRecord(settings, adminToken, cellTokens,
                cells.stream().map(c -> DeploymentRecord.Service.of(c.service())).toList(),
                routers.stream().map(r -> DeploymentRecord.Service.of(r.service())).toList()).write(dir);
    }

    /** Starts one more router with extra settings (e.g. a long map refresh period); it joins {@link #routers()}. */
    public RouterNode startRouter(String name, Map<String, String> properties) {
        return startRouter(name, 0, properties);
    }

    private RouterNode startRouter(String name, int port, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(settings.routerProperties());
        all.putAll(properties);
        PostgresServer.Login reader = controlDatabase.readOnlyLogin(ROUTER_ROLE);
        RouterNode router = RouterNode.start(new RouterNode.Spec(name, controlDatabase.jdbcUrl(), reader.user(),
                reader.password(), adminToken, cellTokens.dataToken(), settings.jvmOptions(), all),
                dir.resolve(name), port);
        routers.add(router);
        return router;
    }

    /** Starts one more empty cell with its own PostgreSQL; it is not in the map until the cell-manager adds it. */
    public CellNode startCell(String name) {
        if (cells.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("there is a cell " + name + " already");
        }
        CellNode cell = CellNode.start(cellSpec(settings, name, cellTokens), dir.resolve(name), 0, settings.detached());
        cells.add(cell);
        save();
        return cell;
    }

    /**
     * The deployment's control store client: one for the deployment (it keeps one connection), replaced when the
     * control store's PostgreSQL moved to another address.
     */
    public synchronized ControlStore controlStore() {
        PostgresServer database = controlDatabase().orElseThrow(() -> new IllegalStateException(
                "the control store's PostgreSQL is not running"));
        if (controlStore == null || !database.jdbcUrl().equals(controlStoreAt)) {
            if (controlStore != null) {
                controlStore.close();
            }
            controlStore = ControlStore.at(database.jdbcUrl(), database.user(), database.password());
            controlStoreAt = database.jdbcUrl();
        }
        return controlStore;
    }

    /** The control store's JDBC URL with its credentials, as cell-manager takes it ({@code SHAPES_CONTROL_DB}). */
    public String controlStoreUrl() {
        PostgresServer database = controlDatabase().orElseThrow(() -> new IllegalStateException(
                "the control store's PostgreSQL is not running"));
        return database.jdbcUrl() + "?user=" + java.net.URLEncoder.encode(database.user(), java.nio.charset.StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(database.password(), java.nio.charset.StandardCharsets.UTF_8);
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
        Tenants.IssuedKey key = controlStore().tenants().create(tenant);
        return key.apiKey();
    }

    /** A new API key for the tenant: its first if it is new, one more if it exists. */
    public String issueKey(String tenant) {
        Tenants tenants = controlStore().tenants();
        return (tenants.exists(tenant) ? tenants.addKey(tenant) : tenants.create(tenant)).apiKey();
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
        return Optional.ofNullable(controlDatabase);
    }

    public Path directory() {
        return dir;
    }

    /** Stops the control store's PostgreSQL (fast shutdown). */
    public void stopControlDatabase() {
        if (controlDatabase != null) {
            controlDatabase.stop();
        }
    }

    /** SIGKILL to the control store's PostgreSQL. */
    public void killControlDatabase() {
        if (controlDatabase != null) {
            controlDatabase.kill();
        }
    }

    /** Starts the control store's PostgreSQL again on the same data directory and port. */
    public void startControlDatabase() {
        controlDatabase = PostgresServer.start(dir.resolve("control-db"), settings.detached()
                ? PostgresServer.Options.detached(0) : PostgresServer.Options.forTests());
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
        routers.forEach(quietly);
        cells.forEach(quietly);
        if (controlStore != null) {
            quietly.accept(controlStore);
        }
        if (controlDatabase != null) {
            quietly.accept(controlDatabase);
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static CellNode.Spec cellSpec(Settings settings, String name, CellTokens tokens) {
        return new CellNode.Spec(name, settings.scheme(), settings.cellCapacity(), settings.cellMaxInFlight(),
                tokens, settings.jvmOptions(), settings.cellProperties());
    }

    private static List<CellNode> startCells(Settings settings, Path dir, CellTokens tokens,
            Map<String, Integer> ports, Consumer<String> progress) {
        java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, ports.size()));
        List<CompletableFuture<CellNode>> starting = ports.entrySet().stream()
                .map(cell -> CompletableFuture.supplyAsync(() -> {
                    CellNode started = CellNode.start(cellSpec(settings, cell.getKey(), tokens),
                            dir.resolve(cell.getKey()), cell.getValue(), settings.detached());
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

    private void publishEvenMap() {
        ControlStore store = controlStore().migrate();
        store.deployment().init(settings.scheme(), settings.cellCapacity());
        List<CellRef> refs = cells.stream().map(c -> store.cells().add(c.name(), c.url())).toList();
        List<RangeAssignment> ranges = BucketSpread.evenly(cells.stream().map(CellNode::name).toList());
        RoutingMap map = store.maps().latest().orElseThrow().next(refs, ranges);
        CellAdminClient admin = cellAdmin();
        for (RangeAssignment range : ranges) {
            admin.setOwnership(cell(range.cell()).url(), range.range(), OwnershipState.OWNED, map.version());
        }
        store.maps().append(map, "buckets spread evenly over " + cells.size() + " cells");
    }
}
