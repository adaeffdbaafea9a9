package io.cairn.storage.memory;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import io.cairn.storage.WriteBatch;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link StorageEngine} held in memory: multi-version skip list, O(1) snapshots, nothing durable.
 *
 * <p>Thread-safe. Writes are serialized by one lock; reads never block. The {@code sync} flag of
 * {@link #write} is accepted and ignored, since nothing here outlives the process.
 */
public final class MemoryEngine implements StorageEngine {
    /** Marks a deleted key; compared by identity, never handed out. */
    static final byte[] TOMBSTONE = new byte[0];

    private final ConcurrentSkipListMap<VersionedKey, byte[]> versions = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Open snapshots: sequence number to how many are open at it. Guarded by itself. */
    private final TreeMap<Long, Integer> openSnapshots = new TreeMap<>();
    /** Keys written, oldest first, whose older versions may be reclaimed. Guarded by writeLock. */
    private final ArrayDeque<VersionedKey> reclaimQueue = new ArrayDeque<>();
    /** The sequence number of the last batch readers may see. */
    private volatile long visibleSeq;
    /** Versions older than the newest one at or below this number may be gone. */
    private volatile long reclaimHorizon;
    private volatile boolean closed;

    /** Creates an empty engine. */
    public MemoryEngine() {}

    @Override
    public byte[] get(byte[] key) {
        checkOpen();
        checkKey(key, "key");
        while (true) {
            long seq = visibleSeq;
            byte[] value = read(key, seq);
            // A reclaim that started after we picked seq may have removed the version we needed.
            if (reclaimHorizon <= seq) {
                return value == null ? null : value.clone();
            }
        }
    }

    /** The value of {@code key} as of {@code seq}, or {@code null}; the stored array, not a copy. */
    byte[] read(byte[] key, long seq) {
        Map.Entry<VersionedKey, byte[]> e = versions.ceilingEntry(new VersionedKey(key, seq));
        if (e == null || !e.getKey().sameKey(key) || e.getValue() == TOMBSTONE) {
            return null;
        }
        return e.getValue();
    }

    @Override
    public StorageIterator iterator(byte[] begin, byte[] end, boolean reverse) {
        checkOpen();
        checkKey(begin, "begin");
        long seq = acquire();
        return new MemoryIterator(this, begin, end, reverse, seq, true);
    }

    @Override
    public StorageSnapshot snapshot() {
        checkOpen();
        return new MemorySnapshot(this, acquire());
    }

    @Override
    public void write(WriteBatch batch, boolean sync) {
        checkOpen();
        if (batch == null) {
            throw new StorageException(StorageException.Kind.INVALID, "batch must not be null");
        }
        for (WriteBatch.Entry e : batch.entries()) {
            checkKey(e.key(), "key");
            if (e.op() != WriteBatch.Op.DELETE) {
                checkKey(e.value(), e.op() == WriteBatch.Op.PUT ? "value" : "range end");
            }
        }
        writeLock.lock();
        try {
            checkOpen();
            long seq = visibleSeq + 1;
            for (WriteBatch.Entry e : batch.entries()) {
                switch (e.op()) {
                    case PUT -> store(e.key().clone(), seq, e.value().clone());
                    case DELETE -> store(e.key().clone(), seq, TOMBSTONE);
                    case DELETE_RANGE -> deleteRange(e.key(), e.value(), seq);
                    default -> throw new IllegalStateException("unknown operation " + e.op());
                }
            }
            // Publishing the sequence number makes the whole batch visible at once.
            visibleSeq = seq;
            reclaim();
        } finally {
            writeLock.unlock();
        }
    }

    private void store(byte[] key, long seq, byte[] value) {
        VersionedKey vk = new VersionedKey(key, seq);
        if (versions.put(vk, value) == null) {
            reclaimQueue.add(vk);
        }
    }

    /** Writes a tombstone at {@code seq} over every key in [begin, end) live as of {@code seq}. */
    private void deleteRange(byte[] begin, byte[] end, long seq) {
        if (Arrays.compareUnsigned(begin, end) >= 0) {
            return;
        }
        // Collect first: writing tombstones while walking the same sub-map would revisit them.
        var live = new java.util.ArrayList<byte[]>();
        try (MemoryIterator it = new MemoryIterator(this, begin, end, false, seq, false)) {
            while (it.hasNext()) {
                live.add(it.next().key());
            }
        }
        for (byte[] key : live) {
            store(key, seq, TOMBSTONE);
        }
    }

    /** Registers a reader at the current sequence number; pair with {@link #release}. */
    long acquire() {
        synchronized (openSnapshots) {
            long seq = visibleSeq;
            openSnapshots.merge(seq, 1, Integer::sum);
            return seq;
        }
    }

    /** Registers one more reader at {@code seq}, which an open snapshot already holds. */
    void acquireAt(long seq) {
        synchronized (openSnapshots) {
            openSnapshots.merge(seq, 1, Integer::sum);
        }
    }

    /** Unregisters a reader taken with {@link #acquire}; reclaims space if it was the oldest. */
    void release(long seq) {
        boolean wasOldest;
        synchronized (openSnapshots) {
            wasOldest = openSnapshots.firstKey() == seq;
            openSnapshots.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
        }
        if (wasOldest && !closed && writeLock.tryLock()) {
            try {
                reclaim();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Drops versions no reader can see any more. Caller holds writeLock. */
    private void reclaim() {
        long horizon;
        synchronized (openSnapshots) {
            horizon = openSnapshots.isEmpty() ? visibleSeq : Math.min(openSnapshots.firstKey(), visibleSeq);
        }
        if (reclaimQueue.isEmpty() || reclaimQueue.peek().seq > horizon) {
            return;
        }
        if (horizon > reclaimHorizon) {
            reclaimHorizon = horizon;
        }
        while (!reclaimQueue.isEmpty() && reclaimQueue.peek().seq <= horizon) {
            prune(reclaimQueue.poll().key, horizon);
        }
    }

    /** Keeps the newest version of {@code key} at or below {@code horizon} (unless a tombstone) and newer ones. */
    private void prune(byte[] key, long horizon) {
        Map.Entry<VersionedKey, byte[]> kept = versions.ceilingEntry(new VersionedKey(key, horizon));
        if (kept == null || !kept.getKey().sameKey(key)) {
            return;
        }
        Map.Entry<VersionedKey, byte[]> older = versions.higherEntry(kept.getKey());
        while (older != null && older.getKey().sameKey(key)) {
            versions.remove(older.getKey());
            older = versions.higherEntry(older.getKey());
        }
        if (kept.getValue() == TOMBSTONE) {
            versions.remove(kept.getKey());
        }
    }

    /** The exact sum of key and value lengths in [begin, end), found by walking the range: linear in its size. */
    @Override
    public long approximateSize(byte[] begin, byte[] end) {
        checkOpen();
        checkKey(begin, "begin");
        long size = 0;
        try (StorageIterator it = iterator(begin, end, false)) {
            while (it.hasNext()) {
                var e = it.next();
                size += e.key().length + e.value().length;
            }
        }
        return size;
    }

    /** Reclaims versions no reader needs, in every range; blocks writers meanwhile. */
    @Override
    public void compact(byte[] begin, byte[] end) {
        checkOpen();
        checkKey(begin, "begin");
        writeLock.lock();
        try {
            reclaim();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The number of stored versions, tombstones included; for tests of reclamation. */
    int versionCount() {
        return versions.size();
    }

    ConcurrentSkipListMap<VersionedKey, byte[]> versions() {
        return versions;
    }

    void checkOpen() {
        if (closed) {
            throw new StorageException(StorageException.Kind.CLOSED, "memory storage engine is closed");
        }
    }

    static void checkKey(byte[] bytes, String what) {
        if (bytes == null) {
            throw new StorageException(StorageException.Kind.INVALID, what + " must not be null");
        }
    }
}
