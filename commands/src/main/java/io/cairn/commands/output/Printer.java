package io.cairn.commands.output;

import java.util.List;
import java.util.Map;

/**
 * Formats the results of commands for one output format; commands hand results to it and never
 * write to standard output themselves.
 *
 * <p>Field values in maps may be String, Number, Boolean, null, {@code byte[]} (keys and values,
 * encoded as the format requires), List or Map. Not thread-safe.
 */
public interface Printer {
    /** Prints the value found for {@code key} (by {@code get}). */
    void value(byte[] key, byte[] value);

    /** Prints that {@code key} has no value (by {@code get}); the message itself goes to stderr. */
    void missing(byte[] key);

    /** Prints the outcome of a write: {@code text} for people, {@code fields} for JSON. */
    void done(String text, Map<String, Object> fields);

    /** Starts printing the pairs of a range read; {@code stream} asks for one JSON line per pair. */
    Rows rows(boolean keysOnly, boolean stream);

    /** Prints a count (by {@code scan --count}). */
    void count(long n);

    /** Prints named facts (by {@code status}, {@code version}), in the map's order. */
    void record(Map<String, Object> fields);

    /** Prints a table called {@code name}, one map per row, columns in the order of {@code columns}. */
    void table(String name, List<String> columns, List<Map<String, Object>> rows);

    /** The pairs of one range read, printed as they come. */
    interface Rows {
        /** Prints one pair; {@code value} is ignored for keys-only reads. */
        void row(byte[] key, byte[] value);

        /** Ends the read: {@code count} pairs printed, {@code more} when a limit stopped it early. */
        void end(long count, boolean more);
    }
}
