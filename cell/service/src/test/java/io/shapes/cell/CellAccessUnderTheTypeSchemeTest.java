package io.shapes.cell;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The access suite again, on a cell of the {@code type} scheme. */
@QuarkusTest
@TestProfile(Profiles.TypeScheme.class)
@QuarkusTestResource(CellDatabase.class)
class CellAccessUnderTheTypeSchemeTest extends CellAccessTest {
}
