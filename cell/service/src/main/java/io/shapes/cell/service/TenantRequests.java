package io.shapes.cell.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.shapes.core.cellapi.TenantTraffic;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Per-tenant request counts over the last minute, in six windows of ten seconds. Memory is bounded: a window counts
 * at most {@link #TENANTS_PER_WINDOW} tenants by name, any other under {@link #OTHERS}. Recording is a map lookup
 * and an add, without locks.
 */
@Singleton
public class TenantRequests {
    /** The name under which the requests of tenants past a window's bound are counted. */
    public static final String OTHERS = "(others)";
    static final int TENANTS_PER_WINDOW = 10_000;
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final int WINDOWS = 6;

    /** What a request was. */
    public enum Kind {
        PUT, GET, COUNT
    }

    private record Window(long index, ConcurrentHashMap<String, LongAdder[]> tenants) {
    }

    private final LongSupplier nanoClock;
    private final long started;
    private final AtomicReferenceArray<Window> windows = new AtomicReferenceArray<>(WINDOWS);

    @Inject
    public TenantRequests() {
        this(System::nanoTime);
    }

    TenantRequests(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
    }

    public void record(String tenant, Kind kind) {
        Window window = current();
        LongAdder[] counts = window.tenants().get(tenant);
        if (counts == null) {
            String name = window.tenants().size() < TENANTS_PER_WINDOW ? tenant : OTHERS;
            counts = window.tenants().computeIfAbsent(name, ignored -> new LongAdder[] {
                    new LongAdder(), new LongAdder(), new LongAdder()});
        }
        counts[kind.ordinal()].increment();
    }

    /** The {@code limit} tenants with the most requests in the last minute, most first. */
    public List<TenantTraffic> top(int limit) {
        long now = nanoClock.getAsLong() - started;
        long newest = now / WINDOW_NANOS;
        double seconds = (now - Math.max(0, newest - WINDOWS + 1) * WINDOW_NANOS) / 1e9;
        Map<String, long[]> sums = new HashMap<>();
        for (int slot = 0; slot < WINDOWS; slot++) {
            Window window = windows.get(slot);
            if (window == null || window.index() <= newest - WINDOWS) {
                continue;
            }
            window.tenants().forEach((tenant, counts) -> {
                long[] sum = sums.computeIfAbsent(tenant, ignored -> new long[3]);
                for (int kind = 0; kind < 3; kind++) {
                    sum[kind] += counts[kind].sum();
                }
            });
        }
        List<TenantTraffic> traffic = new ArrayList<>();
        sums.forEach((tenant, sum) -> traffic.add(new TenantTraffic(tenant, sum[0], sum[1], sum[2], seconds)));
        traffic.sort(Comparator.comparingLong(TenantTraffic::requests).reversed().thenComparing(TenantTraffic::tenant));
        return traffic.subList(0, Math.min(limit, traffic.size()));
    }

    private Window current() {
        long index = (nanoClock.getAsLong() - started) / WINDOW_NANOS;
        int slot = (int) (index % WINDOWS);
        Window window = windows.get(slot);
        while (window == null || window.index() < index) {
            windows.compareAndSet(slot, window, new Window(index, new ConcurrentHashMap<>()));
            window = windows.get(slot);
        }
        return window;
    }
}
