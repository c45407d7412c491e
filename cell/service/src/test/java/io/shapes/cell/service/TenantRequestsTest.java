package io.shapes.cell.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shapes.core.cellapi.TenantTraffic;

class TenantRequestsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final TenantRequests requests = new TenantRequests(now::get);

    private void seconds(double s) {
        now.addAndGet((long) (s * 1e9));
    }

    @Test
    void countsEachKindPerTenantBusiestFirst() {
        for (int i = 0; i < 3; i++) {
            requests.record("acme", TenantRequests.Kind.PUT);
        }
        requests.record("acme", TenantRequests.Kind.GET);
        requests.record("zeta", TenantRequests.Kind.COUNT);
        seconds(12);
        requests.record("zeta", TenantRequests.Kind.COUNT);
        seconds(3);

        List<TenantTraffic> top = requests.top(10);
        assertEquals(List.of(new TenantTraffic("acme", 3, 1, 0, 15.0), new TenantTraffic("zeta", 0, 0, 2, 15.0)), top);
        assertEquals(List.of("acme"), requests.top(1).stream().map(TenantTraffic::tenant).toList());
    }

    @Test
    void onlyTheLastMinuteCounts() {
        requests.record("old", TenantRequests.Kind.PUT);
        seconds(30);
        requests.record("recent", TenantRequests.Kind.GET);
        seconds(35); // 65 s after the first request, whose window has left the minute

        List<TenantTraffic> top = requests.top(10);
        assertEquals(List.of("recent"), top.stream().map(TenantTraffic::tenant).toList());
        assertEquals(55.0, top.get(0).seconds(), 1e-9, "the minute's six windows of ten seconds, the newest half gone by");
        seconds(60);
        assertEquals(List.of(), requests.top(10));
    }

    @Test
    void tenantsPastAWindowsBoundAreCountedTogether() {
        for (int i = 0; i < TenantRequests.TENANTS_PER_WINDOW + 5; i++) {
            requests.record("t-" + i, TenantRequests.Kind.PUT);
        }
        TenantTraffic others = requests.top(TenantRequests.TENANTS_PER_WINDOW + 10).stream()
                .filter(t -> t.tenant().equals(TenantRequests.OTHERS)).findFirst().orElseThrow();
        assertEquals(5, others.puts());
    }
}
