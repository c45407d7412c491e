package io.shapes.web.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Other spellings of a protected path, the ones that have walked past prefix checks elsewhere: {@code ;} parameters,
 * percent-encoded letters, slashes and dots, case, {@code //}, {@code /./}, {@code /../}, detours through an open
 * path, and trailing characters. A service must refuse every one with a 4xx problem and run no handler.
 */
public final class PathSpellings {
    private PathSpellings() {
    }

    /**
     * At least 25 spellings of {@code path} (e.g. {@code /internal/v1/info}); {@code openPath} is a path that
     * needs no credentials (e.g. {@code /q/health}), for detours through it.
     */
    public static List<String> of(String path, String openPath) {
        String[] segments = path.substring(1).split("/");
        String first = segments[0];
        String rest = path.substring(first.length() + 1);
        String last = segments[segments.length - 1];
        String head = path.substring(0, path.length() - last.length());
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add("/" + first + ";" + rest);
        spellings.add("/" + first + ";x=1" + rest);
        spellings.add(head.substring(0, head.length() - 1) + ";/" + last);
        spellings.add(path + ";");
        spellings.add(path + ";jsessionid=1");
        spellings.add("/%" + hex(first.charAt(0)) + first.substring(1) + rest);
        spellings.add(head + "%" + hex(last.charAt(0)) + last.substring(1));
        spellings.add("/" + first + rest.replace("/", "%2F"));
        spellings.add("/" + first + rest.replace("/", "%2f"));
        spellings.add(path.toUpperCase(Locale.ROOT));
        spellings.add("/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + rest);
        spellings.add("/" + path);
        spellings.add("/" + first + "/" + rest);
        spellings.add("/." + path);
        spellings.add("/" + first + "/." + rest);
        spellings.add("/x/.." + path);
        spellings.add(head + "x/../" + last);
        spellings.add("/%2e" + path);
        spellings.add("/%2E%2E" + path);
        spellings.add("/x/%2e%2e" + path);
        spellings.add("/x/%252e%252e" + path);
        spellings.add(openPath + "/.." + path);
        spellings.add(openPath + "/../.." + path);
        spellings.add(openPath + ";" + path);
        spellings.add(openPath + "%2F.." + path);
        spellings.add(path + "/");
        spellings.add(path + "/.");
        spellings.add(path + "%20");
        spellings.add(path + "%00");
        spellings.add(path + "%2e");
        spellings.add(path + "%3B");
        spellings.add(path + "%5C");
        spellings.add("/" + path.substring(1).replace("/", "%5C"));
        spellings.add(path + ".json");
        return new ArrayList<>(spellings);
    }

    private static String hex(char c) {
        return Integer.toHexString(c).toUpperCase(Locale.ROOT);
    }
}
