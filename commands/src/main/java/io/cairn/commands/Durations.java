package io.cairn.commands;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; {@code 0} means none. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {}

    /**
     * The duration {@code text} stands for; a bare number counts seconds.
     *
     * @throws CommandFailure with {@link ExitCodes#USAGE} naming {@code what} when malformed
     */
    public static Duration parse(String text, String what) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw CommandFailure.usage(what + " '" + text + "' is not a duration; write e.g. 500ms, 5s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The shortest text {@link #parse} reads back as {@code d}, e.g. {@code 1500ms} or {@code 30s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
