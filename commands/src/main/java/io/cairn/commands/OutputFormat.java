package io.cairn.commands;

import java.util.Locale;

/** The output formats of {@code -o}: readable text, JSON, or raw bytes for pipes. */
public enum OutputFormat {
    /** Readable text, aligned on a terminal; bytes escaped as in {@link ByteFormat#ESCAPED}. */
    TEXT,
    /** One JSON document per command, or JSON lines for {@code scan --stream}. */
    JSON,
    /** Values only, byte-exact, nothing else. */
    RAW;

    /** The format called {@code name} (case-insensitive). */
    public static OutputFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("unknown output format '" + name + "'; use text, json or raw");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
