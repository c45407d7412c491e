package io.shapes.cell;

import static io.shapes.cell.CellApi.internal;
import static io.shapes.cell.CellApi.own;
import static io.shapes.cell.CellApi.put;
import static io.shapes.cell.CellApi.uniqueTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.shapes.core.BucketRange;
import io.shapes.core.Buckets;
import io.shapes.core.Json;
import io.shapes.core.ShapeId;
import io.shapes.core.cellapi.BucketDifference;
import io.shapes.core.cellapi.ChangePage;
import io.shapes.core.cellapi.FencedRange;
import io.shapes.core.cellapi.ImportResult;
import io.shapes.core.cellapi.OwnershipState;
import io.shapes.core.cellapi.ImportBatch;
import io.shapes.core.cellapi.RangeDigest;
import io.shapes.core.cellapi.RangeSums;
import io.shapes.core.cellapi.RangeVerification;
import io.shapes.core.cellapi.ShapeRow;
import io.shapes.core.cellapi.TakeRange;
import io.shapes.core.cellapi.TakenRange;

@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class MigrationApiTest {

    @AfterEach
    void restore() {
        CellApi.ownEverything();
    }

    /**
     * A new tenant whose bucket holds no other tenant's rows. These tests move and count whole buckets, and the test
     * database is shared with every other test of the cell: any tenant of theirs may hash to the same bucket.
     */
    private static String tenantAloneInItsBucket(String prefix) {
        try {
            while (true) {
                String tenant = uniqueTenant(prefix);
                if (CellDatabase.number("select count(*) from shapes where bucket = " + Buckets.of(tenant)) == 0) {
                    return tenant;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not read the test database", e);
        }
    }

    private static String rangeOf(String tenant) {
        int bucket = Buckets.of(tenant);
        return bucket + "-" + (bucket + 1);
    }

    private static ChangePage page(String range, long after, int limit) {
        return internal().queryParam("after", after).queryParam("limit", limit)
                .get("/internal/v1/ranges/" + range + "/changes").then().statusCode(200).extract()
                .as(ChangePage.class);
    }

    private static List<ShapeRow> feed(String range, int pageSize) {
        List<ShapeRow> rows = new ArrayList<>();
        long after = 0;
        ChangePage page;
        do {
            page = page(range, after, pageSize);
            rows.addAll(page.rows());
            after = page.nextAfter();
        } while (page.more());
        return rows;
    }

    @Test
    void feedPagesWithoutGapsOrDuplicates() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("feed");
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 53; i++) {
            written.add(put(tenant, i % 3 == 0 ? "circle" : "triangle").jsonPath().getString("id"));
        }
        List<ShapeRow> rows = feed(rangeOf(tenant), 7);
        List<String> ids = rows.stream().filter(r -> r.tenant().equals(tenant)).map(ShapeRow::id).toList();
        assertEquals(written.size(), ids.size(), "every row exactly once");
        assertEquals(written, new HashSet<>(ids), "the feed holds exactly the written rows");
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).seq() > rows.get(i - 1).seq(), "rows come in sequence order");
        }
        ChangePage tail = page(rangeOf(tenant), rows.get(rows.size() - 1).seq(), 7);
        assertTrue(tail.rows().isEmpty() && !tail.more(), "nothing after the last row");
    }

    @Test
    void feedParametersAreValidated() {
        internal().queryParam("after", -1).get("/internal/v1/ranges/0-10/changes").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        internal().queryParam("limit", 0).get("/internal/v1/ranges/0-10/changes").then().statusCode(400);
        internal().queryParam("limit", 1_000_000).get("/internal/v1/ranges/0-10/changes").then().statusCode(400);
        internal().queryParam("after", "x").get("/internal/v1/ranges/0-10/changes").then().statusCode(400);
        internal().get("/internal/v1/ranges/7/changes").then().statusCode(400);
    }

    private static RangeSums sums(String range, String of) {
        return internal().queryParam("of", of).get("/internal/v1/ranges/" + range + "/sums").then().statusCode(200)
                .extract().as(RangeSums.class);
    }

    private static RangeVerification verify(String range) {
        return internal().get("/internal/v1/ranges/" + range + "/verify").then().statusCode(200).extract()
                .as(RangeVerification.class);
    }

    @Test
    void importIsIdempotentCountedAndGivesEqualSums() {
        CellApi.ownEverything();
        String tenant = tenantAloneInItsBucket("mover");
        String range = rangeOf(tenant);
        for (int i = 0; i < 20; i++) {
            put(tenant, i % 2 == 0 ? "circle" : "square").then().statusCode(201);
        }
        List<ShapeRow> rows = feed(range, 1000);
        RangeSums before = sums(range, "kept");
        RangeDigest digestBefore = digest(range);
        assertEquals(20, before.count());
        assertEquals(20, digestBefore.rows());
        assertEquals(hashSum(before), digestBefore.hash(), "the digest adds up the kept per-bucket sums");
        assertEquals(before, sums(range, "rows"), "the kept sums are the rows' sums");

        // Move the range out and back in, as a split into this cell would: release, drop rows, import them.
        own(range, "FENCED").then().statusCode(200);
        own(range, "NONE").then().statusCode(200);
        internal().queryParam("limit", 1000).delete("/internal/v1/ranges/" + range + "/shapes").then()
                .statusCode(200).body("deleted", equalTo(rows.size())).body("more", equalTo(false));
        assertEquals(List.of(), sums(range, "kept").buckets(), "a deleted range keeps no sums");
        assertEquals(new RangeDigest(digestBefore.from(), digestBefore.to(), 0, "0"), digest(range),
                "an empty range's digest: no rows, nothing added up");
        own(range, "INCOMING").then().statusCode(200);

        String batch = Json.write(new ImportBatch(rows));
        internal().contentType(ContentType.JSON).body(batch).post("/internal/v1/import").then().statusCode(200)
                .body("received", equalTo(rows.size())).body("inserted", equalTo(rows.size()));
        internal().contentType(ContentType.JSON).body(batch).post("/internal/v1/import").then().statusCode(200)
                .body("inserted", equalTo(0));

        assertEquals(before, sums(range, "kept"), "same ids and types imported: the same sums kept");
        assertEquals(digestBefore, digest(range), "and the same digest");
        assertEquals(List.of(), verify(range).differences());
        own(range, "OWNED").then().statusCode(200);
        assertEquals(10, CellApi.count(tenant, "circle"), "imported rows are counted once the range is served");
        assertEquals(10, CellApi.count(tenant, "square"));
        put(tenant, "circle").then().statusCode(201);
        assertNotEquals(digestBefore.hash(), digest(range).hash(), "one more row: another digest");
    }

    /**
     * The digest adds up whole blocks of 64 buckets and the buckets at a range's ragged ends: whatever the range, it
     * is the sum of the range's kept per-bucket sums.
     */
    @Test
    void aDigestIsTheSumOfTheKeptBucketSumsWhereverTheRangeStartsAndEnds() {
        CellApi.ownEverything();
        for (int i = 0; i < 40; i++) {
            put(uniqueTenant("spread"), "circle").then().statusCode(201);
        }
        for (String range : List.of("0-16384", "1-16383", "63-129", "64-128", "100-120", "0-1", "16320-16384")) {
            RangeSums kept = sums(range, "kept");
            RangeDigest digest = digest(range);
            assertEquals(kept.count(), digest.rows(), range);
            assertEquals(hashSum(kept), digest.hash(), range);
        }
    }

    private static String hashSum(RangeSums sums) {
        return sums.buckets().stream().map(b -> new java.math.BigInteger(b.hash()))
                .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add).toString();
    }

    private static RangeDigest digest(String range) {
        return internal().get("/internal/v1/ranges/" + range + "/digest").then().statusCode(200).extract()
                .as(RangeDigest.class);
    }

    @Test
    void sumsChangeWithEveryRowAndStayTrueUnderConcurrentWrites() throws Exception {
        CellApi.ownEverything();
        String tenant = uniqueTenant("sum");
        String range = rangeOf(tenant);
        put(tenant, "circle").then().statusCode(201);
        RangeSums first = sums(range, "kept");
        put(tenant, "circle").then().statusCode(201);
        RangeSums second = sums(range, "kept");
        assertEquals(1, second.differencesFrom(first).size(), "a new row changes its bucket's sums");

        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        put(tenant, writer % 2 == 0 ? "circle" : "triangle").then().statusCode(201);
                        if (i % 10 == 0) {
                            assertEquals(List.of(), verify(range).differences(), "true while writes land");
                        }
                    }
                }));
            }
            for (var writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        RangeVerification verified = verify(range);
        assertEquals(List.of(), verified.differences());
        assertEquals(322, sums(range, "kept").count());
        assertEquals(sums(range, "rows"), sums(range, "kept"));
        assertTrue(verified.rows() >= 322, "the verify read the range's rows: " + verified.rows());
    }

    @Test
    void rowsChangedBehindTheSumsAreFoundAndSqlChangesAreFollowed() throws Exception {
        CellApi.ownEverything();
        String tenant = uniqueTenant("drift");
        String range = rangeOf(tenant);
        for (int i = 0; i < 5; i++) {
            put(tenant, "square").then().statusCode(201);
        }
        try (java.sql.Connection c = CellDatabase.connect(); java.sql.Statement s = c.createStatement()) {
            // an ordinary SQL change goes through the triggers: the sums follow it
            s.execute("update shapes set type = 'circle' where tenant = '" + tenant + "' and id = (select min(id)"
                    + " from shapes where tenant = '" + tenant + "')");
            assertEquals(List.of(), verify(range).differences(), "an update by hand is followed");
            // with triggers off (replication role), a row goes behind the sums' back, and comes back after
            s.execute("set session_replication_role = replica");
            s.execute("create temporary table taken as select * from shapes where tenant = '" + tenant
                    + "' and id = (select max(id) from shapes where tenant = '" + tenant + "')");
            s.execute("delete from shapes where (tenant, id) in (select tenant, id from taken)");
            List<BucketDifference> differences = verify(range).differences();
            assertEquals(1, differences.size(), differences.toString());
            assertEquals(5, differences.get(0).left().count(), "kept");
            assertEquals(4, differences.get(0).right().count(), "counted");
            s.execute("insert into shapes select * from taken");
            assertEquals(List.of(), verify(range).differences());
            // a block's kept sums changed by hand, off from its buckets': found by a verify of a range holding it
            int block = Buckets.of(tenant) / 64;
            String blockRange = block * 64 + "-" + (block * 64 + 64);
            assertEquals(List.of(), verify(blockRange).blocks());
            s.execute("update block_sums set hash = hash + 1 where block = " + block
                    + " and stripe = (select min(stripe) from block_sums where block = " + block + ")");
            assertEquals(List.of(block), verify(blockRange).blocks());
            assertEquals(List.of(block), verify("0-16384").blocks());
            assertEquals(List.of(), verify(blockRange).differences(), "the buckets themselves are true");
            s.execute("update block_sums set hash = hash - 1 where block = " + block
                    + " and stripe = (select min(stripe) from block_sums where block = " + block + ")");
            assertEquals(List.of(), verify(blockRange).blocks());
        }
        try (java.sql.Connection c = CellDatabase.connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("truncate shapes");
        } catch (java.sql.SQLException e) {
            assertTrue(e.getMessage().contains("not truncated"), e.getMessage());
            return;
        }
        throw new AssertionError("truncate went behind the sums");
    }

    @Test
    void aFenceAnswersTheRowsSinceACursorAndTheDigestAndTheLastImportAnswersTheTargetsDigest() {
        String tenant = tenantAloneInItsBucket("fence");
        String range = rangeOf(tenant);
        List<ShapeRow> rows = twelveShapes(tenant, range);
        RangeDigest before = digest(range);
        long cursor = rows.get(rows.size() - 5).seq() - 1;

        FencedRange fenced = fence(range, cursor);
        assertEquals(rows.subList(rows.size() - 5, rows.size()), fenced.changes().rows(),
                "the rows after the cursor, in sequence order");
        assertFalse(fenced.changes().more());
        assertEquals(before, fenced.digest(), "the digest of the kept sums, answered with the fence");
        assertTrue(fenced.ownership().stream().anyMatch(r -> r.state() == OwnershipState.FENCED
                && r.range().toString().equals(range)), "the range is fenced: " + fenced.ownership());
        put(tenant, "circle").then().statusCode(503).body("code", equalTo("moving"));
        assertEquals(fenced, fence(range, cursor), "fencing again changes nothing and answers the same");

        emptiedForIncoming(range);
        String batch = Json.write(new ImportBatch(rows));
        ImportResult plain = internal().contentType(ContentType.JSON).body(Json.write(new ImportBatch(rows.subList(0, 3))))
                .post("/internal/v1/import").then().statusCode(200).extract().as(ImportResult.class);
        assertEquals(new ImportResult(3, 3, null), plain, "no digest unless asked for");
        ImportResult last = internal().contentType(ContentType.JSON).body(batch).queryParam("digest", range)
                .post("/internal/v1/import").then().statusCode(200).extract().as(ImportResult.class);
        assertEquals(new ImportResult(rows.size(), rows.size() - 3, before), last,
                "the import answers the range's digest after its rows: equal to the source's");
    }

    @Test
    void aTakeImportsTheLastRowsAndOwnsTheRangeOnlyWhenItsDigestIsTheSources() {
        String tenant = tenantAloneInItsBucket("take");
        String range = rangeOf(tenant);
        List<ShapeRow> rows = twelveShapes(tenant, range);
        RangeDigest source = fence(range, 0).digest();
        emptiedForIncoming(range);
        internal().contentType(ContentType.JSON).body(Json.write(new ImportBatch(rows.subList(0, 4))))
                .post("/internal/v1/import").then().statusCode(200);

        TakenRange short1 = take(range, rows.subList(4, 8), source).then().statusCode(200).extract()
                .as(TakenRange.class);
        assertFalse(short1.taken(), "4 rows still missing: the digests differ");
        assertEquals(4, short1.inserted());
        assertNotEquals(source, short1.digest());
        assertEquals(OwnershipState.INCOMING, stateOf(short1, range), "not taken: still incoming");
        put(tenant, "circle").then().statusCode(421);

        TakenRange taken = take(range, rows.subList(8, rows.size()), source).then().statusCode(200).extract()
                .as(TakenRange.class);
        assertTrue(taken.taken(), "every row here: the digests are equal");
        assertEquals(new TakenRange(4, 4, source, true, taken.ownership()), taken);
        assertEquals(OwnershipState.OWNED, stateOf(taken, range));
        put(tenant, "circle").then().statusCode(201);
        TakenRange again = take(range, List.of(), digest(range)).then().statusCode(200).extract().as(TakenRange.class);
        assertTrue(again.taken(), "taking an owned range again changes nothing: " + again);
        assertEquals(0, again.inserted());
    }

    @Test
    void takesAreValidatedBeforeAnythingChanges() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("taken");
        String range = rangeOf(tenant);
        int bucket = Buckets.of(tenant);
        RangeDigest any = new RangeDigest(bucket, bucket + 1, 0, "x");
        assertFalse(take(range, List.of(), any).then().statusCode(200).extract().as(TakenRange.class).taken(),
                "an owned range with another digest: answered, nothing taken");
        own(range, "FENCED").then().statusCode(200);
        take(range, List.of(), any).then().statusCode(409).body("code", equalTo("conflict")); // not incoming
        own(range, "NONE").then().statusCode(200);
        own(range, "INCOMING").then().statusCode(200);
        ShapeRow outside = new ShapeRow(tenant, ShapeId.of((bucket + 1) % Buckets.COUNT, 1).toString(),
                (bucket + 1) % Buckets.COUNT, "circle", 1, 0, null);
        take(range, List.of(outside), any).then().statusCode(400).body("code", equalTo("invalid-request"));
        internal().contentType(ContentType.JSON).body(Json.write(new TakeRange(List.of(), null)))
                .queryParam("mapVersion", 1).post("/internal/v1/ranges/" + range + "/take").then().statusCode(400);
        internal().contentType(ContentType.JSON).body(Json.write(new TakeRange(List.of(), any)))
                .post("/internal/v1/ranges/" + range + "/take").then().statusCode(400); // no mapVersion
        for (String body : new String[] { "", "nonsense", "{\"rows\":5}", "[]", "{\"rows\":[{\"tenant\":\"x\"}]}",
                "{\"rows\":[null],\"expected\":" + Json.write(any) + "}",
                "{\"rows\":[],\"expected\":{\"from\":" + bucket + ",\"to\":" + (bucket + 1) + ",\"rows\":0}}" }) {
            internal().contentType(ContentType.JSON).body(body).queryParam("mapVersion", 1)
                    .post("/internal/v1/ranges/" + range + "/take").then().statusCode(400);
        }
        CellApi.dataPlane().contentType(ContentType.JSON).body(Json.write(new TakeRange(List.of(), any)))
                .queryParam("mapVersion", 1).post("/internal/v1/ranges/" + range + "/take").then().statusCode(403);
        io.restassured.RestAssured.given().contentType(ContentType.JSON).body(Json.write(new TakeRange(List.of(), any)))
                .queryParam("mapVersion", 1).post("/internal/v1/ranges/" + range + "/take").then().statusCode(401);
        assertEquals("INCOMING", internal().get("/internal/v1/ownership").jsonPath().getList("state").stream()
                .filter(state -> !"OWNED".equals(state)).findFirst().orElse(""), "no refused take took anything");
    }

    @Test
    void theTablesASplitFillsAreVacuumedAndAnalyzedOnAnAdminsRequestOnly() throws Exception {
        long[] before = maintenanceCounts();
        io.restassured.RestAssured.given().post("/internal/v1/statistics").then().statusCode(401);
        CellApi.dataPlane().post("/internal/v1/statistics").then().statusCode(403);
        internal().urlEncodingEnabled(false).post("/internal/v1/statistics;x").then().statusCode(400)
                .contentType("application/problem+json");
        internal().urlEncodingEnabled(false).post("/internal/v1/%73tatistics").then().statusCode(400);
        internal().contentType(ContentType.JSON).body("x".repeat(32 * 1024 * 1024)).post("/internal/v1/statistics")
                .then().statusCode(413);
        assertEquals(asList(before), asList(maintenanceCounts()), "refused: nothing ran");
        internal().post("/internal/v1/statistics").then().statusCode(200)
                .body("tables", equalTo(List.of("shapes", "shape_counts", "bucket_sums", "block_sums")));
        long[] after = maintenanceCounts();
        for (int i = 0; i < after.length; i++) {
            assertEquals(before[i] + 1, after[i], "table " + i / 2 + (i % 2 == 0 ? " analyzed" : " vacuumed") + " once");
        }
    }

    /**
     * How often shapes, shape_counts, bucket_sums and block_sums were analyzed and vacuumed by hand (autovacuum's own
     * not counted): analyze and vacuum counts, table by table.
     */
    private static long[] maintenanceCounts() throws Exception {
        try (java.sql.Connection c = CellDatabase.connect(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("select relname, analyze_count, vacuum_count from pg_stat_user_tables"
                        + " where relname in ('shapes', 'shape_counts', 'bucket_sums', 'block_sums')")) {
            java.util.Map<String, long[]> counts = new java.util.HashMap<>();
            while (r.next()) {
                counts.put(r.getString(1), new long[] { r.getLong(2), r.getLong(3) });
            }
            return java.util.stream.Stream.of("shapes", "shape_counts", "bucket_sums", "block_sums")
                    .flatMapToLong(table -> java.util.Arrays.stream(counts.get(table))).toArray();
        }
    }

    private static List<Long> asList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static io.restassured.response.Response take(String range, List<ShapeRow> rows, RangeDigest expected) {
        return internal().contentType(ContentType.JSON).body(Json.write(new TakeRange(rows, expected)))
                .queryParam("mapVersion", 1).post("/internal/v1/ranges/" + range + "/take");
    }

    private static OwnershipState stateOf(TakenRange answer, String range) {
        return answer.ownership().stream().filter(r -> r.range().contains(BucketRange.parse(range))).findFirst()
                .orElseThrow().state();
    }

    /** Twelve shapes of {@code tenant} put in its range (the cell owning everything): the range's feed. */
    private static List<ShapeRow> twelveShapes(String tenant, String range) {
        CellApi.ownEverything();
        for (int i = 0; i < 12; i++) {
            put(tenant, "circle").then().statusCode(201);
        }
        return feed(range, 1000);
    }

    /** The fenced range released, its rows deleted, then held INCOMING: this cell as a split's target. */
    private static void emptiedForIncoming(String range) {
        own(range, "NONE").then().statusCode(200);
        internal().queryParam("limit", 1000).delete("/internal/v1/ranges/" + range + "/shapes").then().statusCode(200);
        own(range, "INCOMING").then().statusCode(200);
    }

    private static FencedRange fence(String range, long after) {
        return internal().queryParam("mapVersion", 0).queryParam("after", after).queryParam("limit", 1000)
                .post("/internal/v1/ranges/" + range + "/fence").then().statusCode(200).extract().as(FencedRange.class);
    }

    @Test
    void fenceAndImportParametersAreValidatedBeforeAnythingChanges() {
        CellApi.ownEverything();
        for (String[] query : new String[][] { {}, { "mapVersion", "-1" }, { "mapVersion", "x" },
                { "mapVersion", "1", "after", "-5" }, { "mapVersion", "1", "limit", "0" },
                { "mapVersion", "1", "limit", "99999999" }, { "mapVersion", "99999999999999999999" } }) {
            var request = internal();
            for (int i = 0; i < query.length; i += 2) {
                request.queryParam(query[i], query[i + 1]);
            }
            request.post("/internal/v1/ranges/0-10/fence").then().statusCode(400)
                    .body("code", equalTo("invalid-request"));
        }
        internal().queryParam("mapVersion", 1).post("/internal/v1/ranges/10-5/fence").then().statusCode(400);
        internal().queryParam("mapVersion", 1).post("/internal/v1/ranges/0-99999/fence").then().statusCode(400);
        CellApi.dataPlane().queryParam("mapVersion", 1).post("/internal/v1/ranges/0-10/fence").then().statusCode(403)
                .body("code", equalTo("forbidden"));
        internal().contentType(ContentType.JSON).body("{\"rows\":[]}").queryParam("digest", "nine")
                .post("/internal/v1/import").then().statusCode(400).body("code", equalTo("invalid-request"));
        assertTrue(internal().get("/internal/v1/ownership").jsonPath().getList("state").stream()
                .allMatch("OWNED"::equals), "no refused fence fenced anything");
    }

    @Test
    void sumsParametersAreValidated() {
        internal().queryParam("of", "everything").get("/internal/v1/ranges/0-10/sums").then().statusCode(400)
                .body("code", equalTo("invalid-request"));
        internal().get("/internal/v1/ranges/10-5/sums").then().statusCode(400);
        internal().get("/internal/v1/ranges/0-99999/verify").then().statusCode(400);
        internal().get("/internal/v1/ranges/x/verify").then().statusCode(400);
    }

    @Test
    void importsOutsideIncomingRangesAndMalformedRowsAreRefused() {
        CellApi.ownEverything();
        String tenant = uniqueTenant("stray");
        int bucket = Buckets.of(tenant);
        ShapeRow row = new ShapeRow(tenant, ShapeId.of(bucket, 1).toString(), bucket, "circle", 1, 0, null);
        internal().contentType(ContentType.JSON).body(Json.write(new ImportBatch(List.of(row))))
                .post("/internal/v1/import").then().statusCode(409).body("code", equalTo("conflict"));
        ShapeRow lying = new ShapeRow(tenant, ShapeId.of(bucket, 1).toString(), (bucket + 1) % Buckets.COUNT,
                "circle", 1, 0, null);
        internal().contentType(ContentType.JSON).body(Json.write(new ImportBatch(List.of(lying))))
                .post("/internal/v1/import").then().statusCode(400);
        internal().contentType(ContentType.JSON).body("{\"rows\":[{\"tenant\":\"x\"}]}")
                .post("/internal/v1/import").then().statusCode(400);
        internal().contentType(ContentType.JSON).body("{\"rows\":5}").post("/internal/v1/import").then()
                .statusCode(400);
        internal().contentType(ContentType.JSON).body("{\"rows\":[null]}").post("/internal/v1/import").then()
                .statusCode(400);
    }

    @Test
    void servedRangesCannotBeDeleted() {
        CellApi.ownEverything();
        internal().delete("/internal/v1/ranges/0-16384/shapes").then().statusCode(409)
                .body("code", equalTo("conflict"));
        assertFalse(internal().get("/internal/v1/info").jsonPath().getList("ranges").isEmpty());
    }
}
