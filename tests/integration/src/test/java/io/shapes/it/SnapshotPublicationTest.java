package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.LocalDeployment;
import io.shapes.deployment.RouterNode;
import io.shapes.snapshot.Checksums;
import io.shapes.snapshot.Manifest;

/**
 * The published snapshot as routers live with it: a revoked key stops working on every router within 5 s of the
 * command, and a publication whose segment is tampered with or truncated is refused while the last good snapshot
 * keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotPublicationTest {
    /** The bound the README states: a revoked key works nowhere 5 s after {@code tenant revoke} returns. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(2).routers(2));
    private LocalDeployment deployment;

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
    }

    @Test
    void aRevokedKeyStopsWorkingOnEveryRouterWithinFiveSecondsOfTheCommand() {
        String key = deployment.createTenant("leaving");
        for (RouterNode router : deployment.routers()) {
            await("router " + router.name() + " knows the key").atMost(Duration.ofSeconds(15))
                    .until(() -> new Api(router.url()).countAll(key, "leaving").statusCode() == 200);
        }
        CellManagerRun revoke = deployment.cellManager("tenant", "revoke", "leaving");
        assertEquals(0, revoke.exitCode(), revoke.err());
        long revoked = System.nanoTime();
        List<Long> takenMs = new ArrayList<>();
        for (RouterNode router : deployment.routers()) {
            await("router " + router.name() + " refuses the revoked key").atMost(REVOCATION_BOUND.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> new Api(router.url()).countAll(key, "leaving").statusCode() == 401);
            takenMs.add((System.nanoTime() - revoked) / 1_000_000);
        }
        System.out.println("revocation reached the routers " + takenMs + " ms after the command returned");
        assertTrue(takenMs.stream().allMatch(ms -> ms <= REVOCATION_BOUND.toMillis()),
                "every router refuses the key within " + REVOCATION_BOUND + ": " + takenMs + " ms");
    }

    @Test
    void aTamperedOrTruncatedSegmentIsRefusedAndTheLastGoodSnapshotKept() throws IOException {
        String key = deployment.createTenant("steady");
        Api router = new Api(deployment.router(0).url());
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> router.countAll(key, "steady").statusCode() == 200);
        Path publication = deployment.publisher().publicationDirectory();
        Manifest good = Manifest.parse(Files.readAllBytes(publication.resolve(Manifest.FILE)));
        byte[] segment = Files.readAllBytes(publication.resolve("segments").resolve(good.keys().get(0)));
        byte[] tampered = segment.clone();
        tampered[tampered.length - 1] ^= 0x01;
        byte[] truncated = Arrays.copyOf(segment, segment.length - 3);

        for (byte[] bad : List.of(tampered, truncated)) {
            double rejected = RouterMetrics.sum(deployment.router(0).service().managementUrl(),
                    "shapes_router_map_rejected_total");
            // a static host that serves a corrupt file under the name of the segment it should hold
            String name = Checksums.sha256Hex(("another segment " + bad.length).getBytes(StandardCharsets.UTF_8));
            Files.write(publication.resolve("segments").resolve(name), bad);
            List<String> keys = new ArrayList<>(good.keys());
            keys.set(0, name);
            write(publication, Manifest.of(good.version() + 1, Instant.now().toString(), good.mapVersion(), good.map(),
                    good.limits(), good.keyShardBits(), keys, good.keyCount()));
            await("the router refuses the corrupt segment").atMost(Duration.ofSeconds(10))
                    .until(() -> RouterMetrics.sum(deployment.router(0).service().managementUrl(),
                            "shapes_router_map_rejected_total") > rejected);
            assertEquals(200, router.countAll(key, "steady").statusCode(), "the last good snapshot still serves");
        }
        String later = deployment.createTenant("later");
        await("a good publication is taken again").atMost(Duration.ofSeconds(15))
                .until(() -> router.countAll(later, "later").statusCode() == 200);
        assertEquals(200, router.countAll(key, "steady").statusCode());
    }

    private static void write(Path publication, Manifest manifest) throws IOException {
        Path temp = publication.resolve("manifest.forged");
        Files.write(temp, manifest.toBytes());
        Files.move(temp, publication.resolve(Manifest.FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
