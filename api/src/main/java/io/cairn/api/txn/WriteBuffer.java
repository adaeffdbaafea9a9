package io.cairn.api.txn;

import io.cairn.api.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The uncommitted writes of one transaction, kept both as the ordered list of mutations sent at
 * commit and as a per-key view that lets the transaction read its own writes. Not thread-safe.
 */
final class WriteBuffer {
    /** What the transaction knows about one key it wrote. */
    static final class Entry {
        /** Whether {@link #value} is the key's value; otherwise it is the stored value with {@link #ops} applied. */
        boolean known;
        /** The value, {@code null} when absent; meaningful only when {@link #known}. */
        byte[] value;
        /** Atomic operations to apply over the stored value, in order; only when not {@link #known}. */
        List<Mutation> ops;

        /** The value this entry gives when the stored value is {@code stored}. */
        byte[] resolve(byte[] stored) {
            if (known) {
                return value;
            }
            byte[] v = stored;
            for (Mutation m : ops) {
                v = AtomicOps.apply(m.kind(), v, m.param());
            }
            return v;
        }
    }

    private final TreeMap<byte[], Entry> writes = new TreeMap<>(Bytes::compare);
    /** Cleared ranges, begin to end, disjoint and not touching. */
    private final TreeMap<byte[], byte[]> cleared = new TreeMap<>(Bytes::compare);
    private final List<Mutation> mutations = new ArrayList<>();
    private long bytes;

    void set(byte[] key, byte[] value) {
        Entry e = new Entry();
        e.known = true;
        e.value = value;
        writes.put(key, e);
        add(new Mutation(Mutation.Kind.SET, key, value));
    }

    void clear(byte[] key) {
        Entry e = new Entry();
        e.known = true;
        writes.put(key, e);
        add(new Mutation(Mutation.Kind.CLEAR, key, Bytes.EMPTY));
    }

    void clearRange(byte[] begin, byte[] end) {
        writes.subMap(begin, end).clear();
        byte[] b = begin;
        byte[] e = end;
        Map.Entry<byte[], byte[]> floor = cleared.floorEntry(begin);
        if (floor != null && Bytes.compare(floor.getValue(), begin) >= 0) {
            b = floor.getKey();
            e = max(e, floor.getValue());
        }
        var inside = cleared.subMap(begin, true, end, true);
        for (byte[] innerEnd : inside.values()) {
            e = max(e, innerEnd);
        }
        inside.clear();
        cleared.remove(b);
        cleared.put(b, e);
        add(new Mutation(Mutation.Kind.CLEAR_RANGE, begin, end));
    }

    void mutate(Mutation.Kind kind, byte[] key, byte[] param) {
        Entry e = writes.get(key);
        Mutation m = new Mutation(kind, key, param);
        if (e == null && isCleared(key)) {
            e = new Entry();
            e.known = true;
            writes.put(key, e);
        }
        if (e == null) {
            e = new Entry();
            e.ops = new ArrayList<>(2);
            writes.put(key, e);
        }
        if (e.known) {
            e.value = AtomicOps.apply(kind, e.value, param);
        } else {
            e.ops.add(m);
        }
        add(m);
    }

    private void add(Mutation m) {
        mutations.add(m);
        bytes += m.size();
    }

    /** The entry for {@code key}, or {@code null} when the transaction did not write it directly. */
    Entry entry(byte[] key) {
        return writes.get(key);
    }

    /** Whether a range clear of this transaction covers {@code key}. */
    boolean isCleared(byte[] key) {
        Map.Entry<byte[], byte[]> floor = cleared.floorEntry(key);
        return floor != null && Bytes.compare(key, floor.getValue()) < 0;
    }

    /** The first written key at or after ({@code inclusive}) or after {@code key}. */
    Map.Entry<byte[], Entry> next(byte[] key, boolean inclusive) {
        return inclusive ? writes.ceilingEntry(key) : writes.higherEntry(key);
    }

    /** The last written key strictly before {@code key}. */
    Map.Entry<byte[], Entry> previous(byte[] key) {
        return writes.lowerEntry(key);
    }

    List<Mutation> mutations() {
        return mutations;
    }

    /** The bytes of keys and parameters of every mutation. */
    long bytes() {
        return bytes;
    }

    private static byte[] max(byte[] a, byte[] b) {
        return Bytes.compare(a, b) >= 0 ? a : b;
    }
}
