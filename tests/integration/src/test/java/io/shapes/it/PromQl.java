package io.shapes.it;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL to list the metric names a query selects (for checking them against a live scrape). */
final class PromQl {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAMES = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

    private PromQl() {
    }

    /** The metric names the queries select, without functions, aggregations, label names or keywords. */
    static Set<String> metricNames(List<String> queries) {
        Set<String> names = new TreeSet<>();
        for (String query : queries) {
            String bare = LABEL_LISTS.matcher(MATCHERS_AND_RANGES.matcher(STRINGS.matcher(query).replaceAll(""))
                    .replaceAll(" ")).replaceAll(" ");
            Matcher name = NAMES.matcher(bare);
            while (name.find()) {
                // a name cut short by the look-ahead (the function's name minus its last letter) is not a name
                int end = name.end();
                boolean whole = end == bare.length() || !Character.isLetterOrDigit(bare.charAt(end))
                        && bare.charAt(end) != '_';
                if (whole && !KEYWORDS.contains(name.group())) {
                    names.add(name.group());
                }
            }
        }
        return names;
    }
}
