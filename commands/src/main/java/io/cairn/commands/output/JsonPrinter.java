package io.cairn.commands.output;

import io.cairn.commands.ByteFormat;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints each result as one JSON document (or JSON lines for streamed scans).
 *
 * <p>Keys and values are plain strings when they are valid UTF-8 and the byte format is the
 * default; otherwise an object naming the encoding, {@code {"base64": "..."}} or
 * {@code {"hex": "..."}}, so that no value is silently re-encoded.
 */
final class JsonPrinter implements Printer {
    private final PrintStream out;
    private final ByteFormat bytes;

    JsonPrinter(PrintStream out, ByteFormat bytes) {
        this.out = out;
        this.bytes = bytes;
    }

    @Override
    public void value(byte[] key, byte[] value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value);
        print(m);
    }

    @Override
    public void missing(byte[] key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", null);
        print(m);
    }

    @Override
    public void done(String text, Map<String, Object> fields) {
        print(fields);
    }

    @Override
    public Rows rows(boolean keysOnly, boolean stream) {
        if (!stream) {
            out.print("{\"kvs\":[");
        }
        return new Rows() {
            private boolean first = true;

            @Override
            public void row(byte[] key, byte[] value) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", key);
                if (!keysOnly) {
                    m.put("value", value);
                }
                String json = JsonWriter.write(convert(m));
                if (stream) {
                    out.println(json);
                } else {
                    out.print(first ? json : "," + json);
                }
                first = false;
            }

            @Override
            public void end(long count, boolean more) {
                if (!stream) {
                    out.println("],\"count\":" + count + ",\"more\":" + more + "}");
                }
                out.flush();
            }
        };
    }

    @Override
    public void count(long n) {
        out.println("{\"count\":" + n + "}");
    }

    @Override
    public void record(Map<String, Object> fields) {
        print(fields);
    }

    @Override
    public void table(String name, List<String> columns, List<Map<String, Object>> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, rows);
        print(m);
    }

    private void print(Map<String, Object> m) {
        out.println(JsonWriter.write(convert(m)));
        out.flush();
    }

    private Object convert(Object v) {
        if (v instanceof byte[] b) {
            return data(b);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                m.put(String.valueOf(e.getKey()), convert(e.getValue()));
            }
            return m;
        }
        if (v instanceof List<?> list) {
            List<Object> l = new ArrayList<>(list.size());
            for (Object o : list) {
                l.add(convert(o));
            }
            return l;
        }
        return v;
    }

    /** A key or value as JSON: a string when valid UTF-8 in the default format, else an encoded object. */
    Object data(byte[] b) {
        if (bytes == ByteFormat.ESCAPED) {
            String s = utf8(b);
            if (s != null) {
                return s;
            }
            return Map.of(ByteFormat.BASE64.label(), ByteFormat.BASE64.format(b));
        }
        return Map.of(bytes.label(), bytes.format(b));
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
