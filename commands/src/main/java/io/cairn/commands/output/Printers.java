package io.cairn.commands.output;

import io.cairn.commands.ByteFormat;
import io.cairn.commands.OutputFormat;
import java.io.PrintStream;

/** Creates the {@link Printer} for an output format. */
public final class Printers {
    private Printers() {}

    /** A printer writing {@code format} to {@code out}, with keys and values in {@code bytes}. */
    public static Printer create(OutputFormat format, ByteFormat bytes, PrintStream out) {
        return switch (format) {
            case TEXT -> new TextPrinter(out, bytes);
            case JSON -> new JsonPrinter(out, bytes);
            case RAW -> new RawPrinter(out, new TextPrinter(out, bytes));
        };
    }
}
