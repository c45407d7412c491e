package io.shapes.deployment;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.IntStream;

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
 * spreads the buckets evenly over them, hands each cell its ranges and waits until every router holds the map.
 */
public final class LocalDeployment implements AutoCloseable {
    private final Settings settings;
    private final Path dir;
    private final String adminToken;
    private final String internalToken;
    private final List<CellNode> cells;
    private final List<RouterNode> routers = new ArrayList<>();
    private volatile PostgresServer controlDatabase;

    /** What to run; see {@link #builder}. */
    public record Settings(Scheme scheme, int cells, int routers, long cellCapacity, int cellMaxInFlight,
            List<String> jvmOptions, Map<String, String> cellProperties, Map<String, String> routerProperties) {
        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            cellProperties = Map.copyOf(cellProperties);
            routerProperties = Map.copyOf(routerProperties);
        }
    }

    /** Builds {@link Settings}: 3 cells, 1 router, scheme {@code tenant}, capacity 1,000,000 per cell. */
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

        public LocalDeployment start() {
            return LocalDeployment.start(new Settings(scheme, cells, routers, cellCapacity, cellMaxInFlight, jvmOptions,
                    cellProperties, routerProperties), dir);
        }
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    private LocalDeployment(Settings settings, Path dir, PostgresServer controlDatabase, String adminToken,
            String internalToken, List<CellNode> cells) {
        this.settings = settings;
        this.dir = dir;
        this.controlDatabase = controlDatabase;
        this.adminToken = adminToken;
        this.internalToken = internalToken;
        this.cells = cells;
    }

    public static LocalDeployment start(Settings settings, Path dir) {
        PostgresServer controlDatabase = PostgresServer.start(dir.resolve("control-db"));
        String internalToken = randomToken();
        List<CellNode> cells;
        try {
            cells = startCells(settings, dir, internalToken);
        } catch (RuntimeException e) {
            controlDatabase.stop();
            throw e;
        }
        LocalDeployment deployment = new LocalDeployment(settings, dir, controlDatabase, randomToken(), internalToken,
                cells);
        try {
            deployment.publishEvenMap();
            for (int i = 1; i <= settings.routers(); i++) {
                deployment.startRouter("router-" + i, Map.of());
            }
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /** Starts one more router with extra settings (e.g. a long map refresh period); it joins {@link #routers()}. */
    public RouterNode startRouter(String name, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(settings.routerProperties());
        all.putAll(properties);
        RouterNode router = RouterNode.start(new RouterNode.Spec(name, controlDatabase.jdbcUrl(), controlDatabase.user(),
                controlDatabase.password(), adminToken, internalToken, settings.jvmOptions(), all),
                dir.resolve(name), 0);
        routers.add(router);
        return router;
    }

    /** A control store client; each call opens its own connection. */
    public ControlStore controlStore() {
        return ControlStore.at(controlDatabase.jdbcUrl(), controlDatabase.user(), controlDatabase.password());
    }

    /** Creates a tenant and returns its API key. */
    public String createTenant(String tenant) {
        Tenants.IssuedKey key = controlStore().tenants().create(tenant);
        return key.apiKey();
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

    public String internalToken() {
        return internalToken;
    }

    public CellAdmin cellAdmin() {
        return new CellAdmin(internalToken);
    }

    public Settings settings() {
        return settings;
    }

    public PostgresServer controlDatabase() {
        return controlDatabase;
    }

    /** Stops the control store's PostgreSQL (fast shutdown). */
    public void stopControlDatabase() {
        controlDatabase.stop();
    }

    /** Starts the control store's PostgreSQL again on the same data directory and port. */
    public void startControlDatabase() {
        controlDatabase = PostgresServer.start(dir.resolve("control-db"));
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
        quietly.accept(controlDatabase);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static List<CellNode> startCells(Settings settings, Path dir, String internalToken) {
        List<CompletableFuture<CellNode>> starting = IntStream.rangeClosed(1, settings.cells())
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> CellNode.start(new CellNode.Spec("cell-" + i,
                        settings.scheme(), settings.cellCapacity(), settings.cellMaxInFlight(), internalToken,
                        settings.jvmOptions(), settings.cellProperties()), dir.resolve("cell-" + i))))
                .toList();
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
        CellAdmin admin = cellAdmin();
        for (RangeAssignment range : ranges) {
            admin.setOwnership(cell(range.cell()).url(), range.range(), OwnershipState.OWNED, map.version());
        }
        store.maps().append(map, "buckets spread evenly over " + cells.size() + " cells");
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
