package io.shapes.core;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The partition key of a deployment: what decides a shape's bucket. See DESIGN.md, "Keys, buckets and the map".
 */
public enum Scheme {
    /** bucket = hash(tenant): a tenant lives in one cell. */
    TENANT("tenant"),
    /** bucket = hash(type): a type lives in one cell. */
    TYPE("type"),
    /** bucket = the id's own top bits: shapes spread evenly, counts scatter. */
    ID_RANGE("id-range");

    private final String wireName;

    Scheme(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Scheme parse(String name) {
        for (Scheme scheme : values()) {
            if (scheme.wireName.equals(name)) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("unknown scheme '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Scheme::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
