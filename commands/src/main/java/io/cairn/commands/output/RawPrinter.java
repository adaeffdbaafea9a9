package io.cairn.commands.output;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Prints values only, byte-exact, for pipes: {@code get} writes the value with nothing added;
 * {@code scan} writes each value (or key, with {@code --keys-only}) followed by a newline byte.
 * Facts and tables, which have no value bytes, are printed as text.
 */
final class RawPrinter implements Printer {
    private final PrintStream out;
    private final Printer text;

    RawPrinter(PrintStream out, Printer text) {
        this.out = out;
        this.text = text;
    }

    @Override
    public void value(byte[] key, byte[] value) {
        out.write(value, 0, value.length);
        out.flush();
    }

    @Override
    public void missing(byte[] key) {
        // Nothing: raw output carries values only.
    }

    @Override
    public void done(String text, Map<String, Object> fields) {
        // Nothing: raw output carries values only.
    }

    @Override
    public Rows rows(boolean keysOnly, boolean stream) {
        return new Rows() {
            @Override
            public void row(byte[] key, byte[] value) {
                byte[] b = keysOnly ? key : value;
                out.write(b, 0, b.length);
                out.write('\n');
            }

            @Override
            public void end(long count, boolean more) {
                out.flush();
            }
        };
    }

    @Override
    public void count(long n) {
        text.count(n);
    }

    @Override
    public void record(Map<String, Object> fields) {
        text.record(fields);
    }

    @Override
    public void table(String name, List<String> columns, List<Map<String, Object>> rows) {
        text.table(name, columns, rows);
    }
}
