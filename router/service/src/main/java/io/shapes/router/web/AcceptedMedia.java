package io.shapes.router.web;

import java.util.Locale;

/** Whether an {@code Accept} header lets the answer be JSON: every answer of the public API is. */
final class AcceptedMedia {
    private AcceptedMedia() {
    }

    /**
     * True without the header, or when one of its media ranges is {@code application/json}, {@code application/*} or
     * {@code *}{@code /*} with a quality above 0.
     */
    static boolean allowsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",", -1)) {
            String[] parts = range.split(";", -1);
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if ((type.equals("application/json") || type.equals("application/*") || type.equals("*/*"))
                    && !refused(parts)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the range's parameters hold {@code q=0} (or 0.0, 0.00, 0.000): "not acceptable". */
    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                return parameter.substring(2).trim().matches("0(\\.0{0,3})?");
            }
        }
        return false;
    }
}
