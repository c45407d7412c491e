package io.shapes.cell;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Cell configurations that tests start the application with. */
public final class Profiles {
    private Profiles() {
    }

    public static class TypeScheme implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shapes.cell.scheme", "type");
        }
    }

    public static class IdRangeScheme implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shapes.cell.scheme", "id-range");
        }
    }

    /** getShape's pipelined reads on 2 connections instead of 4. */
    public static class TwoReadConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shapes.cell.db.read-connections", "2");
        }
    }

    /** A tiny cell: 10 shapes, 3 requests in flight. */
    public static class TinyCell implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shapes.cell.capacity", "10", "shapes.cell.max-in-flight", "3");
        }
    }
}
