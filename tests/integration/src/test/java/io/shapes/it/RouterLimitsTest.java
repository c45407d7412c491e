package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.restassured.response.Response;
import io.shapes.deployment.LocalDeployment;

/** The error codes of limits: a tenant over its rate (429), a full cell (507), a cell's bulkhead full (503). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterLimitsTest {
    private static final int CELL_CAPACITY = 30;
    private static final int BULKHEAD = 2;
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(3).routers(1).shardSize(1)
            .cellCapacity(CELL_CAPACITY)
            .routerProperty("shapes.router.cells.bulkhead", String.valueOf(BULKHEAD)));
    private LocalDeployment deployment;
    private Api api;

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
        api = new Api(deployment.router(0).url());
    }

    @Test
    void aTenantOverItsRateIsRateLimitedWithRetryAfterAndOthersAreNot() {
        String limited = Placement.tenantOn(deployment, "cell-1", "limited");
        String limitedKey = deployment.createTenant(limited);
        String free = Placement.tenantOn(deployment, "cell-1", "free");
        String freeKey = deployment.createTenant(free);
        deployment.controlStore().tenants().setRateLimit(limited, 2);
        await("the router applies the rate limit of " + limited).atMost(Duration.ofSeconds(15)).until(() -> {
            for (int i = 0; i < 5; i++) {
                if (api.countAll(limitedKey, limited).statusCode() == 429) {
                    return true;
                }
            }
            return false;
        });
        // at 2 requests a second a token may come back between two calls: the first refusal of a quick burst
        Response limitedAnswer = api.countAll(limitedKey, limited);
        for (int i = 0; i < 10 && limitedAnswer.statusCode() != 429; i++) {
            limitedAnswer = api.countAll(limitedKey, limited);
        }
        limitedAnswer.then().statusCode(429).contentType("application/problem+json")
                .body("code", equalTo("rate-limited")).body("retryAfterMs", notNullValue())
                .header("Retry-After", notNullValue());
        for (int i = 0; i < 20; i++) {
            api.countAll(freeKey, free).then().statusCode(200);
        }
    }

    @Test
    void aFullCellRefusesWritesWithCellFullAndStillServesReads() {
        String tenant = Placement.tenantOn(deployment, "cell-2", "filler");
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        String id = null;
        for (int i = 0; i < CELL_CAPACITY; i++) {
            id = api.putOk(key, tenant, "circle");
        }
        api.put(key, tenant, "circle").then().statusCode(507).contentType("application/problem+json")
                .body("code", equalTo("cell-full"));
        api.get(key, tenant, id).then().statusCode(200);
        Response count = api.count(key, tenant, "circle");
        assertEquals(200, count.statusCode(), count.asString());
        count.then().body("count", equalTo(CELL_CAPACITY));
    }

    @Test
    void aCellsFullBulkheadShedsAtOnceWithOverloaded() {
        String tenant = Placement.tenantOn(deployment, "cell-3", "crowd");
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        var cell = deployment.cell("cell-3").service();
        ExecutorService clients = Executors.newFixedThreadPool(3 * BULKHEAD);
        cell.pause();
        try {
            // BULKHEAD requests in flight and BULKHEAD queued wait for the hung cell; the rest is shed at once
            List<CompletableFuture<Long>> shedTimes = IntStream.range(0, 3 * BULKHEAD)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        long start = System.nanoTime();
                        Response response = api.countAll(key, tenant);
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        return "overloaded".equals(response.path("code")) ? ms : -1L;
                    }, clients)).toList();
            List<Long> shed = shedTimes.stream().map(CompletableFuture::join).filter(ms -> ms >= 0).toList();
            assertEquals(BULKHEAD, shed.size(), "of " + 3 * BULKHEAD + " requests at once to a hung cell, "
                    + BULKHEAD + " run and " + BULKHEAD + " queue in its bulkhead; exactly the rest is shed: " + shed);
            assertTrue(shed.stream().allMatch(ms -> ms < 500), "shedding does not wait for the cell: " + shed);
        } finally {
            cell.resume();
            clients.shutdown();
        }
        await("cell-3 serves again").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
    }
    @Test
    void unauthenticatedChunkedBodiesAreRefusedBeforeTheyAreRead() throws Exception {
        java.net.URI router = deployment.router(0).url();
        java.net.URI management = deployment.router(0).service().managementUrl();
        double allocatedBefore = RouterMetrics.sum(management, "jvm_gc_memory_allocated_bytes_total");
        int requests = 200;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            List<CompletableFuture<Integer>> statuses = IntStream.range(0, requests)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> unauthenticatedMebibyte(router), clients))
                    .toList();
            List<Integer> seen = statuses.stream().map(CompletableFuture::join).toList();
            assertTrue(seen.stream().allMatch(status -> status == 401), "each is 401 at once: " + seen);
        } finally {
            clients.shutdown();
        }
        double allocated = RouterMetrics.sum(management, "jvm_gc_memory_allocated_bytes_total") - allocatedBefore;
        assertTrue(allocated < 64.0 * 1024 * 1024, "the router allocated " + (long) allocated / 1024 / 1024
                + " MiB for " + requests + " unauthenticated 1 MiB bodies: it must not buffer them");
    }

    @Test
    void aChunkedBodyOverTheEdgeLimitIsCutOff() {
        String tenant = "chunky";
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        StringBuilder request = new StringBuilder("POST /v1/tenants/" + tenant + "/shapes HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        String chunk = "{\"type\":\"circle\",\"pad\":\"" + "x".repeat(4000);
        for (int i = 0; i < 4; i++) {
            request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        request.append("0\r\n\r\n");
        io.shapes.web.testing.RawHttp.Answer answer = io.shapes.web.testing.RawHttp.send(deployment.router(0).url(),
                request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(413, answer.status(), "a 16 KiB chunked body is over the 8 KiB edge limit: " + answer.body());
        assertTrue(String.valueOf(answer.header("content-type")).startsWith("application/problem+json"),
                answer.headers() + " " + answer.body());
        // another test of this class hangs a cell; its breaker may still be open for a moment
        java.util.concurrent.atomic.AtomicReference<Response> answered = new java.util.concurrent.atomic.AtomicReference<>();
        await("the tenant's cell answers counts").atMost(Duration.ofSeconds(15)).until(() -> {
            answered.set(api.count(key, tenant, "circle"));
            return answered.get().statusCode() == 200;
        });
        answered.get().then().body("count", equalTo(0));
    }

    /** A 1 MiB chunked body without credentials: the headers, the answer's status, then as much body as it takes. */
    private static int unauthenticatedMebibyte(java.net.URI router) {
        try (java.net.Socket socket = new java.net.Socket(router.getHost(), router.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/tenants/acme/shapes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            // the answer comes after the headers alone: the router does not wait for (or read) the body
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1)).readLine();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 16; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                }
            } catch (java.io.IOException closed) {
                // the router closed the connection: the rest of the body is never read
            }
            return statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
