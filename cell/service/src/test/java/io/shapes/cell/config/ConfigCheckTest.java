package io.shapes.cell.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A cell refuses to start on a setting out of its range, naming the key and the value. */
class ConfigCheckTest {
    private final ConfigCheck check = new ConfigCheck();

    @Test
    void readConnectionsOutsideOneToSixtyFourStopTheCellWithTheKeyNamed() {
        for (int refused : new int[] {0, -1, 65}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> check.onStart(null, config(refused)));
            assertEquals("invalid cell configuration: shapes.cell.db.read-connections='" + refused
                    + "' must be in 1..64", e.getMessage());
        }
        assertDoesNotThrow(() -> check.onStart(null, config(1)));
        assertDoesNotThrow(() -> check.onStart(null, config(64)));
    }

    private static CellConfig config(int readConnections) {
        CellConfig.Db db = proxy(CellConfig.Db.class, Map.of("host", "127.0.0.1", "port", 5432, "name", "shapes",
                "user", "shapes", "password", "", "readConnections", readConnections));
        return proxy(CellConfig.class, Map.ofEntries(Map.entry("name", "cell-1"), Map.entry("capacity", 10L),
                Map.entry("maxInFlight", 3), Map.entry("countStripes", 8), Map.entry("fenceHoldMs", 250L),
                Map.entry("fenceHoldMaxWrites", 64), Map.entry("maxPageSize", 5000),
                Map.entry("dataToken", "test-cell-data-token-0123456789abcdef"),
                Map.entry("adminToken", "test-cell-admin-token-0123456789abcdef"),
                Map.entry("types", List.of("circle", "square")), Map.entry("db", db)));
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return values.get(method.getName());
        }));
    }
}
