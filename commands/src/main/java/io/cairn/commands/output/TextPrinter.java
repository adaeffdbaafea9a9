package io.cairn.commands.output;

import io.cairn.commands.ByteFormat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints results as readable text: keys and values escaped (or hex, base64), pairs and tables in
 * aligned columns, facts as {@code name: value} lines.
 */
final class TextPrinter implements Printer {
    /** Pairs are aligned a page at a time so that a long scan streams. */
    private static final int PAGE = 128;
    /** Keys wider than this do not push the value column further right. */
    private static final int MAX_KEY_COLUMN = 48;

    private final PrintStream out;
    private final ByteFormat bytes;

    TextPrinter(PrintStream out, ByteFormat bytes) {
        this.out = out;
        this.bytes = bytes;
    }

    @Override
    public void value(byte[] key, byte[] value) {
        out.println(bytes.format(value));
    }

    @Override
    public void missing(byte[] key) {
        // Nothing on stdout: the "not found" message goes to stderr and the exit code says it.
    }

    @Override
    public void done(String text, Map<String, Object> fields) {
        out.println(text);
    }

    @Override
    public Rows rows(boolean keysOnly, boolean stream) {
        return new Rows() {
            private final List<String[]> page = new ArrayList<>(PAGE);

            @Override
            public void row(byte[] key, byte[] value) {
                if (keysOnly) {
                    out.println(bytes.format(key));
                    return;
                }
                page.add(new String[] {bytes.format(key), bytes.format(value)});
                if (page.size() == PAGE) {
                    flush();
                }
            }

            @Override
            public void end(long count, boolean more) {
                flush();
                out.flush();
            }

            private void flush() {
                int width = 0;
                for (String[] r : page) {
                    width = Math.max(width, Math.min(r[0].length(), MAX_KEY_COLUMN));
                }
                for (String[] r : page) {
                    out.println(pad(r[0], width) + "  " + r[1]);
                }
                page.clear();
            }
        };
    }

    @Override
    public void count(long n) {
        out.println(n);
    }

    @Override
    public void record(Map<String, Object> fields) {
        int width = 0;
        for (String k : fields.keySet()) {
            width = Math.max(width, k.length() + 1);
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            out.println(pad(e.getKey() + ":", width) + "  " + text(e.getValue()));
        }
    }

    @Override
    public void table(String name, List<String> columns, List<Map<String, Object>> rows) {
        int[] widths = new int[columns.size()];
        List<String[]> cells = new ArrayList<>();
        String[] header = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            header[c] = columns.get(c).toUpperCase(java.util.Locale.ROOT);
        }
        cells.add(header);
        for (Map<String, Object> row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                line[c] = text(row.get(columns.get(c)));
            }
            cells.add(line);
        }
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                sb.append(c == line.length - 1 ? line[c] : pad(line[c], widths[c]) + "  ");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private String text(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof byte[] b) {
            return bytes.format(b);
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(text(o));
            }
            return String.join(", ", parts);
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                parts.add(e.getKey() + "=" + text(e.getValue()));
            }
            return String.join(", ", parts);
        }
        return String.valueOf(v);
    }

    private static String pad(String s, int width) {
        if (s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }
}
