package io.shapes.cellmanager;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.shapes.cli.UsageException;

/** A duration option of the command line ({@code 500ms}, {@code 2s}, {@code 1m}, {@code 1m30s}): a usage error otherwise. */
public final class DurationOption {
    private DurationOption() {
    }

    /** {@code text} as a duration from {@code least} to {@code most}; else a usage error naming {@code option}. */
    public static Duration parse(String option, String text, Duration least, Duration most) {
        String lower = text.toLowerCase(Locale.ROOT);
        Duration value;
        try {
            value = lower.endsWith("ms") ? Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)))
                    : Duration.parse("PT" + lower.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new UsageException(option + " must be a duration such as 500ms, 2s or 1m");
        }
        if (value.compareTo(least) < 0 || value.compareTo(most) > 0) {
            throw new UsageException(option + " must be between " + text(least) + " and " + text(most));
        }
        return value;
    }

    private static String text(Duration value) {
        return value.toMillis() % 1000 != 0 ? value.toMillis() + "ms" : value.toSeconds() % 60 != 0
                ? value.toSeconds() + "s" : value.toMinutes() + "m";
    }
}
