package io.cairn.ycsb;

import io.cairn.api.Range;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How YCSB records are laid out in Cairn: one key per record, holding every field.
 *
 * <p>Key: {@code PREFIX TABLE "/" KEY}, all UTF-8 (by default {@code ycsb/usertable/user1234}), so a
 * table's records are contiguous and sorted by YCSB key, and a YCSB scan is one range read. A table
 * name must not contain {@code /}, or one table's range would hold another's records.
 *
 * <p>Value: the fields sorted by name, each as a 2-byte big-endian name length, the UTF-8 name, a
 * 4-byte big-endian value length and the value's bytes. An empty record is an empty value.
 * Stateless and thread-safe.
 */
final class Records {
    private Records() {}

    /** The key of {@code key} in {@code table} under {@code prefix}. */
    static byte[] key(String prefix, String table, String key) {
        return (prefix + table + "/" + key).getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of {@code table} under {@code prefix}, as a range (begin inclusive, end exclusive). */
    static Range table(String prefix, String table) {
        return Range.startsWith((prefix + table + "/").getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code table} may be used as a table name. */
    static boolean validTable(String table) {
        return !table.isEmpty() && table.indexOf('/') < 0;
    }

    /** Encodes {@code fields}, sorted by name. */
    static byte[] encode(Map<String, byte[]> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(fields).entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            if (name.length > 0xFFFF) {
                throw new IllegalArgumentException("field name longer than 65535 bytes: " + e.getKey());
            }
            byte[] value = e.getValue();
            out.write(name.length >>> 8);
            out.write(name.length);
            out.writeBytes(name);
            out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record's fields, only those in {@code wanted} ({@code null} for all), sorted by name.
     *
     * @throws IllegalArgumentException when {@code value} is not a record's encoding
     */
    static TreeMap<String, byte[]> decode(byte[] value, Set<String> wanted) {
        TreeMap<String, byte[]> fields = new TreeMap<>();
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            while (in.hasRemaining()) {
                byte[] name = new byte[in.getShort() & 0xFFFF];
                in.get(name);
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("a field's length " + length + " overruns the record");
                }
                byte[] v = new byte[length];
                in.get(v);
                String n = new String(name, StandardCharsets.UTF_8);
                if (wanted == null || wanted.contains(n)) {
                    fields.put(n, v);
                }
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("not a YCSB record: truncated", e);
        }
        return fields;
    }
}
