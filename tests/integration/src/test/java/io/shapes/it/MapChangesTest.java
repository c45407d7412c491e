package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.response.Response;
import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.map.RoutingMap;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.RouterNode;

/**
 * The router and the map: a stale router still writes only to the owner (through 421 and a refresh), a fenced
 * bucket is retried while the deadline allows, and routers keep serving — even across a restart — while the
 * control store and the publication are down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MapChangesTest {
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(3).routers(1).shardSize(1));
    private LocalDeployment deployment;
    private Api fresh;
    private Api stale;
    private String moved;
    private String movedKey;
    private String still;
    private String stillKey;

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
        moved = Placement.tenantOn(deployment, "cell-1", "moved");
        movedKey = deployment.createTenant(moved);
        still = Placement.tenantOn(deployment, "cell-3", "still");
        stillKey = deployment.createTenant(still);
        // reads the snapshot once at start, then only after a 421
        RouterNode staleRouter = deployment.startRouter("router-stale",
                Map.of("shapes.router.publication.period", "1h"));
        fresh = new Api(deployment.router(0).url());
        stale = new Api(staleRouter.url());
    }

    @Test
    @Order(1)
    void aStaleRouterWritesOnlyToTheNewOwnerThrough421AndARefresh() {
        String tenant = moved;
        String key = movedKey;
        await("the fresh router knows the keys").atMost(Duration.ofSeconds(15))
                .until(() -> fresh.countAll(key, tenant).statusCode() == 200);

        int bucket = Buckets.of(tenant);
        BucketRange bucketRange = new BucketRange(bucket, bucket + 1);
        RoutingMap current = deployment.controlStore().maps().latest().orElseThrow();
        RoutingMap next = current.reassign(bucketRange, "cell-2");
        var admin = deployment.cellAdmin();
        admin.setOwnership(deployment.cell("cell-1").url(), bucketRange, OwnershipState.FENCED, next.version());
        admin.setOwnership(deployment.cell("cell-2").url(), bucketRange, OwnershipState.OWNED, next.version());
        admin.setOwnership(deployment.cell("cell-1").url(), bucketRange, OwnershipState.NONE, next.version());
        deployment.controlStore().maps().append(next, "move one bucket of " + tenant + " to cell-2");

        // The stale router has not read the new map, nor the new keys: the admin token still works there.
        stale.globalCount(deployment.adminToken(), "circle", false).then().statusCode(200)
                .header("X-Shapes-Map-Version", equalTo(String.valueOf(current.version())));

        Response put = stale.put(key, tenant, "circle");
        put.then().statusCode(201).header("X-Shapes-Cell", equalTo("cell-2"))
                .header("X-Shapes-Map-Version", equalTo(String.valueOf(next.version())));
        fresh.get(key, tenant, put.path("id")).then().statusCode(200).header("X-Shapes-Cell", equalTo("cell-2"));
        fresh.count(key, tenant, "circle").then().statusCode(200).body("count", equalTo(1));
        stale.put(stillKey, still, "circle").then().statusCode(201).header("X-Shapes-Cell", equalTo("cell-3"));
    }

    @Test
    @Order(2)
    void aFencedBucketIsRetriedWithinTheDeadlineThenAnsweredMoving() throws Exception {
        String tenant = Placement.tenantOn(deployment, "cell-3", "fenced");
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> fresh.countAll(key, tenant).statusCode() == 200);
        int bucket = Buckets.of(tenant);
        BucketRange range = new BucketRange(bucket, bucket + 1);
        long version = deployment.controlStore().maps().latest().orElseThrow().version();
        var cell = deployment.cell("cell-3").url();
        var admin = deployment.cellAdmin();

        admin.setOwnership(cell, range, OwnershipState.FENCED, version);
        long start = System.nanoTime();
        fresh.put(key, tenant, "square").then().statusCode(503).body("code", equalTo("moving"))
                .header("Retry-After", notNullValue());
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 1500 && waitedMs <= 2300, "retried on 'moving' until the 2 s deadline, took "
                + waitedMs + " ms");

        CompletableFuture<Response> put = CompletableFuture.supplyAsync(() -> fresh.put(key, tenant, "square"));
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)
                .execute(() -> admin.setOwnership(cell, range, OwnershipState.OWNED, version));
        put.get(5, TimeUnit.SECONDS).then().statusCode(201);
        fresh.count(key, tenant, "square").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    @Order(3)
    void routersServeWhileTheControlStoreAndThePublicationAreDownEvenAfterARestart() {
        String tenant = Placement.tenantOn(deployment, "cell-2", "steady");
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> fresh.countAll(key, tenant).statusCode() == 200);
        String before = fresh.putOk(key, tenant, "triangle");

        deployment.controlStoreNode().stopDatabase();
        try {
            String during = fresh.putOk(key, tenant, "triangle");
            fresh.get(key, tenant, before).then().statusCode(200);

            deployment.publisher().service().kill();
            deployment.router(0).restart();
            fresh.get(key, tenant, during).then().statusCode(200).body("type", equalTo("triangle"));
            fresh.putOk(key, tenant, "triangle");
            fresh.count(key, tenant, "triangle").then().statusCode(200).body("count", equalTo(3));
        } finally {
            deployment.controlStoreNode().startDatabase();
            deployment.publisher().restart();
        }
        String late = Placement.tenantOn(deployment, "cell-1", "late");
        String lateKey = deployment.createTenant(late);
        await("the router reads the publication again").atMost(Duration.ofSeconds(15))
                .until(() -> fresh.countAll(lateKey, late).statusCode() == 200);
    }
}
