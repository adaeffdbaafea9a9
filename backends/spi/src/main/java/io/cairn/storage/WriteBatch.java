package io.cairn.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of puts, deletes and range deletes that a {@link StorageEngine} applies
 * atomically. Later operations win over earlier ones on the same key. Not thread-safe.
 */
public final class WriteBatch {
    /** The kinds of operation in a batch. */
    public enum Op {
        /** Set {@code key} to {@code value}. */
        PUT,
        /** Remove {@code key}. */
        DELETE,
        /** Remove every key in {@code [key, value)}. */
        DELETE_RANGE
    }

    /** One operation; for {@link Op#DELETE_RANGE} the value holds the exclusive end key. */
    public record Entry(Op op, byte[] key, byte[] value) {}

    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    /**
     * Adds a put. The arrays are not copied: do not modify them until the batch is written.
     *
     * @throws StorageException {@link StorageException.Kind#INVALID} when key or value is null
     */
    public WriteBatch put(byte[] key, byte[] value) {
        return add(new Entry(Op.PUT, required(key, "key"), required(value, "value")));
    }

    /**
     * Adds a delete.
     *
     * @throws StorageException {@link StorageException.Kind#INVALID} when key is null
     */
    public WriteBatch delete(byte[] key) {
        return add(new Entry(Op.DELETE, required(key, "key"), null));
    }

    /**
     * Adds a delete of every key in {@code [begin, end)}: begin inclusive, end exclusive; nothing
     * when {@code begin >= end}.
     *
     * @throws StorageException {@link StorageException.Kind#INVALID} when begin or end is null
     */
    public WriteBatch deleteRange(byte[] begin, byte[] end) {
        return add(new Entry(Op.DELETE_RANGE, required(begin, "range begin"), required(end, "range end")));
    }

    private static byte[] required(byte[] bytes, String what) {
        if (bytes == null) {
            throw new StorageException(StorageException.Kind.INVALID, "write batch " + what + " must not be null");
        }
        return bytes;
    }

    private WriteBatch add(Entry e) {
        entries.add(e);
        bytes += e.key().length + (e.value() == null ? 0 : e.value().length);
        return this;
    }

    /** The operations in the order they were added. */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The number of operations. */
    public int size() {
        return entries.size();
    }

    /** Whether the batch has no operation. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The sum of key and value lengths, in bytes. */
    public long byteSize() {
        return bytes;
    }

    /** Removes every operation. */
    public void clear() {
        entries.clear();
        bytes = 0;
    }
}
