package io.shapes.cell;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** A started service runs Mutiny's callbacks as they are: no context propagation wrapped around each one. */
@QuarkusTest
@QuarkusTestResource(CellDatabase.class)
class PlainMutinyCallbacksTest {
    @Test
    void aStartedServiceDecoratesNoCallback() {
        Runnable runnable = () -> {
        };
        Function<String, String> function = String::trim;
        assertSame(runnable, Infrastructure.decorate(runnable));
        assertSame(function, Infrastructure.decorate(function));
    }
}
