package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.txn.RangeBatch;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MVCC window: recent versions of keys in memory over a backend that holds the data as of
 * {@link #durableVersion()}, so reads at any version from the durable version on are exact.
 *
 * <p>One writer (the apply thread, or the flusher while holding {@link #writeLock()}) adds
 * versions and trims flushed ones; any number of readers read concurrently. Readers validate
 * against a sequence number bumped around each trim and retry, and fail with
 * {@code transaction_too_old} (1007) below the oldest readable version.
 */
final class VersionedStore {
    /** The versions of one key, oldest first; {@code null} values are removals. Immutable. */
    private record Chain(long[] versions, byte[][] values) {
        /** The index of the newest version at or before {@code version}, or -1. */
        int indexAt(long version) {
            for (int i = versions.length - 1; i >= 0; i--) {
                if (versions[i] <= version) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A range clear at a version. */
    private record Clear(long version, byte[] begin, byte[] end) {
        boolean covers(byte[] key) {
            return Bytes.compare(begin, key) <= 0 && Bytes.compare(key, end) < 0;
        }
    }

    private static final Clear[] NO_CLEARS = new Clear[0];

    private final StorageEngine backend;
    private final ConcurrentSkipListMap<byte[], Chain> chains = new ConcurrentSkipListMap<>(Bytes::compare);
    private volatile Clear[] clears = NO_CLEARS;
    /** Odd while a trim is in progress. */
    private volatile long trimSequence;
    private volatile long oldestReadable;
    private volatile long durableVersion;
    private final AtomicLong bytes = new AtomicLong();
    private final Object writeLock = new Object();

    VersionedStore(StorageEngine backend, long durableVersion) {
        this.backend = backend;
        this.durableVersion = durableVersion;
        this.oldestReadable = durableVersion;
    }

    /** The lock the writer holds while adding or trimming versions. */
    Object writeLock() {
        return writeLock;
    }

    /** The version the backend holds the data at. */
    long durableVersion() {
        return durableVersion;
    }

    /** The oldest version reads may ask for. */
    long oldestReadable() {
        return oldestReadable;
    }

    /** Approximate bytes held in memory. */
    long bytes() {
        return bytes.get();
    }

    /** Adds the effects of one commit; versions must grow. Caller holds {@link #writeLock()}. */
    void apply(Effects effects) {
        long v = effects.version();
        if (!effects.clears().isEmpty()) {
            Clear[] old = clears;
            Clear[] next = Arrays.copyOf(old, old.length + effects.clears().size());
            int i = old.length;
            for (Range r : effects.clears()) {
                next[i++] = new Clear(v, r.begin(), r.end());
            }
            clears = next;
        }
        byte[][] keys = effects.keys();
        for (int i = 0; i < keys.length; i++) {
            Chain c = chains.get(keys[i]);
            if (c == null) {
                chains.put(keys[i], new Chain(new long[] {v}, new byte[][] {effects.values()[i]}));
            } else {
                int n = c.versions.length;
                long[] vs = Arrays.copyOf(c.versions, n + 1);
                byte[][] vals = Arrays.copyOf(c.values, n + 1);
                vs[n] = v;
                vals[n] = effects.values()[i];
                chains.put(keys[i], new Chain(vs, vals));
            }
        }
        bytes.addAndGet(effects.bytes());
    }

    /**
     * Forgets every version in memory: the backend was replaced and holds the data at
     * {@code durable}. Caller holds {@link #writeLock()}.
     */
    void reset(long durable) {
        trimSequence++;
        try {
            chains.clear();
            clears = NO_CLEARS;
            bytes.set(0);
            durableVersion = durable;
            oldestReadable = durable;
        } finally {
            trimSequence++;
        }
    }

    /** Announces that versions before {@code version} are about to leave the window. */
    void raiseOldestReadable(long version) {
        if (version > oldestReadable) {
            oldestReadable = version;
        }
    }

    /**
     * Drops versions at or before {@code version}, which the backend now holds. Caller holds
     * {@link #writeLock()} and has written the flushed effects to the backend.
     */
    void trim(long version, List<Effects> flushed) {
        trimSequence++;
        try {
            durableVersion = version;
            for (Effects e : flushed) {
                for (byte[] key : e.keys()) {
                    Chain c = chains.get(key);
                    if (c == null) {
                        continue;
                    }
                    int keep = 0;
                    while (keep < c.versions.length && c.versions[c.versions.length - 1 - keep] > version) {
                        keep++;
                    }
                    if (keep == 0) {
                        chains.remove(key);
                    } else if (keep < c.versions.length) {
                        int from = c.versions.length - keep;
                        chains.put(key, new Chain(Arrays.copyOfRange(c.versions, from, c.versions.length),
                                Arrays.copyOfRange(c.values, from, c.values.length)));
                    }
                }
                bytes.addAndGet(-e.bytes());
            }
            Clear[] old = clears;
            int first = 0;
            while (first < old.length && old[first].version <= version) {
                first++;
            }
            if (first > 0) {
                clears = Arrays.copyOfRange(old, first, old.length);
            }
        } finally {
            trimSequence++;
        }
    }

    /** The value of {@code key} at {@code version}, or {@code null}. Thread-safe; blocks on the backend. */
    byte[] get(byte[] key, long version) {
        for (;;) {
            long seq = beginRead(version);
            Clear[] cl = clears;
            Chain c = chains.get(key);
            byte[] value = resolve(key, c, cl, version, null, false);
            if (value == MISSING) {
                value = backend.get(key);
            }
            if (endRead(seq, version)) {
                return value;
            }
        }
    }

    /** Up to {@code limit} rows of {@code [begin, end)} at {@code version}. Thread-safe; blocks on the backend. */
    RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
        for (;;) {
            long seq = beginRead(version);
            RangeBatch batch = scan(begin, end, limit, reverse, version);
            if (endRead(seq, version)) {
                return batch;
            }
        }
    }

    private RangeBatch scan(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
        List<KeyValue> rows = new ArrayList<>(Math.min(limit, 256));
        if (Bytes.compare(begin, end) >= 0) {
            return new RangeBatch(rows, false);
        }
        Clear[] cl = clears;
        NavigableMap<byte[], Chain> mem = chains.subMap(begin, true, end, false);
        Iterator<Map.Entry<byte[], Chain>> memIt = (reverse ? mem.descendingMap() : mem).entrySet().iterator();
        Map.Entry<byte[], Chain> m = memIt.hasNext() ? memIt.next() : null;
        try (StorageIterator it = backend.iterator(begin, end, reverse)) {
            StorageEntry s = it.hasNext() ? it.next() : null;
            while (s != null || m != null) {
                int c = s == null ? 1 : m == null ? -1 : Bytes.compare(s.key(), m.getKey());
                if (reverse && s != null && m != null) {
                    c = -c;
                }
                byte[] key;
                byte[] value;
                if (c < 0) {
                    key = s.key();
                    value = resolve(key, null, cl, version, s.value(), true);
                    s = it.hasNext() ? it.next() : null;
                } else {
                    key = m.getKey();
                    value = resolve(key, m.getValue(), cl, version, c == 0 ? s.value() : null, true);
                    if (c == 0) {
                        s = it.hasNext() ? it.next() : null;
                    }
                    m = memIt.hasNext() ? memIt.next() : null;
                }
                if (value != null) {
                    if (rows.size() == limit) {
                        return new RangeBatch(rows, true);
                    }
                    rows.add(new KeyValue(key, value));
                }
            }
        }
        return new RangeBatch(rows, false);
    }

    /** A marker for "not decided by memory: read the backend". */
    private static final byte[] MISSING = new byte[0];

    /**
     * The value at {@code version} as decided by the memory chain and clears; when memory does not
     * decide, {@code stored} if {@code storedKnown}, else {@link #MISSING}.
     */
    private static byte[] resolve(byte[] key, Chain c, Clear[] cl, long version, byte[] stored, boolean storedKnown) {
        long from = Long.MIN_VALUE;
        byte[] value = storedKnown ? stored : MISSING;
        if (c != null) {
            int i = c.indexAt(version);
            if (i >= 0) {
                from = c.versions[i];
                value = c.values[i];
            }
        }
        for (int i = cl.length - 1; i >= 0; i--) {
            Clear x = cl[i];
            if (x.version <= from) {
                break;
            }
            if (x.version <= version && x.covers(key)) {
                return null;
            }
        }
        return value;
    }

    private long beginRead(long version) {
        for (;;) {
            long seq = trimSequence;
            if ((seq & 1) == 0) {
                checkReadable(version);
                return seq;
            }
            Thread.onSpinWait();
        }
    }

    private boolean endRead(long seq, long version) {
        if (trimSequence != seq) {
            return false;
        }
        checkReadable(version);
        return true;
    }

    private void checkReadable(long version) {
        long oldest = oldestReadable;
        if (version < oldest) {
            throw new CairnException(ErrorCode.TRANSACTION_TOO_OLD, "read version " + version
                    + " is older than the MVCC window, which starts at version " + oldest
                    + "; the transaction ran too long or writes pushed its versions out of memory");
        }
    }
}
