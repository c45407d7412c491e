package io.shapes.web;

import java.util.Optional;

/**
 * The one spelling of a path that our services accept: plain segments of unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}), which every name and id of the API is made of. A path with {@code ;} parameters, any
 * percent-encoding (an encoded letter decodes to the same resource; an encoded slash or dot to another), a dot
 * segment, an empty segment ({@code //} or a trailing {@code /}) or a backslash is refused before any routing, so that
 * the path a gate checks is exactly the path the resource layer matches: no second spelling can pass a gate.
 */
public final class PathRules {
    private PathRules() {
    }

    /** Why {@code rawPath} (as sent, before any decoding) is refused, or empty when it is acceptable. */
    public static Optional<String> violation(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("the path must start with '/'");
        }
        if (rawPath.indexOf(';') >= 0) {
            return Optional.of("path parameters (';') are not part of this API");
        }
        if (rawPath.indexOf('\\') >= 0) {
            return Optional.of("a backslash is not allowed in a path");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (!isUnreserved(c) && c != '/') {
                return Optional.of(c == '%' ? "percent-encoding is not allowed in a path: every name and id of this"
                        + " API is plain letters, digits, '-', '.', '_' and '~'" : "character '" + printable(c)
                        + "' is not allowed in a path");
            }
        }
        if (rawPath.length() == 1) {
            return Optional.empty();
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return Optional.of("empty path segments ('//' or a trailing '/') are not allowed");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("dot segments ('.' or '..') are not allowed in a path");
            }
        }
        return Optional.empty();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~';
    }

    private static String printable(char c) {
        return c >= 0x21 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
