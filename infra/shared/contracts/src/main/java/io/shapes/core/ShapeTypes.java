package io.shapes.core;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape types a deployment accepts (default triangle, circle, rhombus, square). */
public record ShapeTypes(List<String> allowed) {
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    public static final ShapeTypes DEFAULT = new ShapeTypes(List.of("triangle", "circle", "rhombus", "square"));

    public ShapeTypes {
        allowed = List.copyOf(allowed);
        if (allowed.isEmpty() || Set.copyOf(allowed).size() != allowed.size()) {
            throw new IllegalArgumentException("shape types must be a non-empty list without repeats: " + allowed);
        }
        for (String type : allowed) {
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new IllegalArgumentException("shape type '" + type + "' must match ^[a-z][a-z0-9-]{0,31}$");
            }
        }
    }

    public boolean contains(String type) {
        return type != null && allowed.contains(type);
    }

    /** Returns the type, or throws with the list of allowed types. */
    public String require(String type) {
        if (type == null) {
            throw new IllegalArgumentException("field 'type' is required; allowed: " + String.join(", ", allowed));
        }
        if (!contains(type)) {
            throw new IllegalArgumentException("unknown type; allowed: " + String.join(", ", allowed));
        }
        return type;
    }
}
