package io.shapes.cell;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The access suite again, on a cell of the {@code id-range} scheme. */
@QuarkusTest
@TestProfile(Profiles.IdRangeScheme.class)
@QuarkusTestResource(CellDatabase.class)
class CellAccessUnderTheIdRangeSchemeTest extends CellAccessTest {
}
