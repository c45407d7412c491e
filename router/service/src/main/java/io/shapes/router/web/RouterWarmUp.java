package io.shapes.router.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.shapes.core.map.CellRef;
import io.shapes.router.cells.CellCall;
import io.shapes.router.cells.CellTransport;
import io.shapes.router.map.MapSource;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A router is ready only once it has run its own request paths, as a cell is ({@code WarmUp} there): a cold JVM pays
 * for class loading, its first compilations, the tracing's first spans and its first connections to cells on its first
 * real requests, and under an open-loop load those slow requests pile up until it sheds (measured: {@code 503
 * overloaded} 1.6 s into 200 puts/s on a fresh deployment). Once it holds a map it opens connections to every cell
 * ({@link #CONNECTIONS_PER_CELL} health calls at once through its cell client) and sends itself
 * {@link #HTTP_REQUESTS} requests that its path check refuses before any tenant, key or cell is involved (no metric
 * of callers or tenants moves). Bounded by {@link #BUDGET}: a warm-up that fails or runs long does not keep the router
 * unready; the map's own check does that.
 */
@Readiness
@ApplicationScoped
public class RouterWarmUp implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(RouterWarmUp.class);
    private static final Duration BUDGET = Duration.ofSeconds(10);
    static final int CONNECTIONS_PER_CELL = 16;
    static final int HTTP_REQUESTS = 200;
    private static final int HTTP_CONCURRENCY = 16;
    /** A path the path check refuses (a trailing '/'): it never reaches authentication or a cell. */
    private static final String REFUSED_PATH = "/v1/tenants/shapes-warm-up/counts/";
    private static final CellCall HEALTH = CellCall.get("/internal/v1/health");
    private final MapSource maps;
    private final CellTransport cells;
    private final String host;
    private volatile boolean done;

    public RouterWarmUp(MapSource maps, CellTransport cells,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String host) {
        this.maps = maps;
        this.cells = cells;
        this.host = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    void start(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(this::warmUp);
    }

    private void warmUp() {
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        try {
            while (maps.current().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            CompletableFuture.allOf(connectToCells(), selfCalls())
                    .get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            LOG.infof("warm-up done in %d ms", (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.infof("warm-up stopped after %d ms: %s", (System.nanoTime() - start) / 1_000_000, e);
        } finally {
            done = true;
        }
    }

    private CompletableFuture<Void> connectToCells() {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (CellRef cell : maps.current().map(s -> s.map().cells()).orElse(List.of())) {
            for (int i = 0; i < CONNECTIONS_PER_CELL; i++) {
                calls.add(cells.send(cell.url(), HEALTH).ifNoItem().after(Duration.ofSeconds(2)).fail()
                        .onFailure().recoverWithNull().subscribeAsCompletionStage());
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> selfCalls() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI refused = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + io.shapes.web.ListeningPort.current()
                + REFUSED_PATH);
        Semaphore slots = new Semaphore(HTTP_CONCURRENCY);
        CompletableFuture<?>[] calls = new CompletableFuture<?>[HTTP_REQUESTS];
        for (int i = 0; i < HTTP_REQUESTS; i++) {
            slots.acquireUninterruptibly();
            calls[i] = http.sendAsync(HttpRequest.newBuilder(refused).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> slots.release());
        }
        return CompletableFuture.allOf(calls);
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up").status(done).build();
    }
}
