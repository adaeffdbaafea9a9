package io.cairn.storage.leveldb;

import io.cairn.storage.DirectoryLock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import io.cairn.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Range;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.DbImpl;
import org.iq80.leveldb.util.Slices;

/**
 * A {@link StorageEngine} on the LevelDB Java port, in one locked directory.
 *
 * <p>Thread-safe. Writes are serialized so that a range delete, which LevelDB lacks, can be
 * expanded into point deletes of the keys present when the batch applies, inside the same atomic
 * LevelDB batch. Reads do not block writes. Reverse iteration, which the port does not support,
 * is built from forward scans ({@link ReverseScanner}).
 */
public final class LevelDbEngine implements StorageEngine {
    /** Larger than any key Cairn stores (keys are at most 10,000 bytes); bounds open-ended ranges. */
    private static final byte[] MAX_KEY = filled(10_001);

    private static final WriteOptions SYNC = new WriteOptions().sync(true);
    private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);

    private final Path directory;
    private final DB db;
    private final DirectoryLock lock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Set<AutoCloseable> openReaders = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    LevelDbEngine(Path directory, DB db, DirectoryLock lock) {
        this.directory = directory;
        this.db = db;
        this.lock = lock;
    }

    /** The directory this engine stores its files in. */
    public Path directory() {
        return directory;
    }

    @Override
    public byte[] get(byte[] key) {
        checkOpen();
        checkNotNull(key, "key");
        try {
            return db.get(key);
        } catch (RuntimeException e) {
            if (closed) {
                throw translate(e, "read");
            }
            // The port's point lookups do not pin the table files they read, so a compaction that
            // finishes at that moment can close one under the read. A pinned view cannot lose its files.
            try (PinnedView view = pin()) {
                return view.get(key);
            }
        }
    }

    @Override
    public StorageIterator iterator(byte[] begin, byte[] end, boolean reverse) {
        checkOpen();
        checkNotNull(begin, "begin");
        PinnedView view = pin();
        StorageIterator it = reverse ? new LevelDbIterator.Reverse(view, begin, end, this, true)
                : new LevelDbIterator.Forward(view, begin, end, this, true);
        openReaders.add(it);
        return it;
    }

    @Override
    public StorageSnapshot snapshot() {
        checkOpen();
        LevelDbSnapshot snap = new LevelDbSnapshot(this, pin());
        openReaders.add(snap);
        return snap;
    }

    private PinnedView pin() {
        try {
            return PinnedView.open(this, db);
        } catch (RuntimeException e) {
            throw translate(e, "open a snapshot of");
        }
    }

    /** Forgets a reader that closed itself. */
    void forget(AutoCloseable reader) {
        openReaders.remove(reader);
    }

    @Override
    public void write(WriteBatch batch, boolean sync) {
        checkOpen();
        if (batch == null) {
            throw new StorageException(StorageException.Kind.INVALID, "batch must not be null");
        }
        writeLock.lock();
        try {
            checkOpen();
            org.iq80.leveldb.WriteBatch out = db.createWriteBatch();
            try {
                fill(batch, out);
                db.write(out, sync ? SYNC : NO_SYNC);
            } finally {
                closeQuietly(out);
            }
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(e, "write");
        } finally {
            writeLock.unlock();
        }
    }

    /** Translates a Cairn batch; range deletes become deletes of the keys they cover right now. */
    private void fill(WriteBatch batch, org.iq80.leveldb.WriteBatch out) {
        TreeSet<byte[]> putEarlier = null;
        PinnedView current = null;
        try {
            for (WriteBatch.Entry e : batch.entries()) {
                switch (e.op()) {
                    case PUT -> {
                        // The port keeps the arrays it is given in its memtable: copy so callers may reuse theirs.
                        out.put(e.key().clone(), e.value().clone());
                        if (putEarlier != null) {
                            putEarlier.add(e.key());
                        }
                    }
                    case DELETE -> out.delete(e.key());
                    case DELETE_RANGE -> {
                        if (putEarlier == null) {
                            // Keys put before the first range delete of this batch may fall in its range.
                            putEarlier = new TreeSet<>(Arrays::compareUnsigned);
                            for (WriteBatch.Entry before : batch.entries()) {
                                if (before == e) {
                                    break;
                                }
                                if (before.op() == WriteBatch.Op.PUT) {
                                    putEarlier.add(before.key());
                                }
                            }
                            current = pin();
                        }
                        if (Arrays.compareUnsigned(e.key(), e.value()) < 0) {
                            for (byte[] k : putEarlier.subSet(e.key(), e.value())) {
                                out.delete(k);
                            }
                            deletePresent(current, e.key(), e.value(), out);
                        }
                    }
                    default -> throw new IllegalStateException("unknown operation " + e.op());
                }
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    private static void deletePresent(PinnedView view, byte[] begin, byte[] end, org.iq80.leveldb.WriteBatch out) {
        List<StorageEntry> chunk = new ArrayList<>();
        Object owner = new Object();
        boolean more = true;
        boolean first = true;
        while (more) {
            chunk.clear();
            more = view.scan(owner, !first, begin, end, 1024, chunk);
            first = false;
            for (StorageEntry entry : chunk) {
                out.delete(entry.key());
            }
        }
    }

    /**
     * Estimates the bytes of table files holding [begin, end); data still in the memtable is not
     * counted until LevelDB flushes it.
     */
    @Override
    public long approximateSize(byte[] begin, byte[] end) {
        checkOpen();
        checkNotNull(begin, "begin");
        byte[] limit = end == null ? MAX_KEY : end;
        if (Arrays.compareUnsigned(begin, limit) >= 0) {
            return 0;
        }
        try {
            return db.getApproximateSizes(new Range(begin, limit))[0];
        } catch (RuntimeException e) {
            throw translate(e, "measure");
        }
    }

    /** Flushes the memtable and compacts every level over [begin, end]; blocks until done. */
    @Override
    public void compact(byte[] begin, byte[] end) {
        checkOpen();
        checkNotNull(begin, "begin");
        byte[] limit = end == null ? MAX_KEY : end;
        try {
            DbImpl impl = (DbImpl) db;
            impl.flushMemTable();
            for (int level = 0; level < 6; level++) {
                impl.compactRange(level, Slices.wrappedBuffer(begin), Slices.wrappedBuffer(limit));
            }
        } catch (RuntimeException e) {
            throw translate(e, "compact");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            writeLock.unlock();
        }
        for (AutoCloseable reader : List.copyOf(openReaders)) {
            closeQuietly(reader);
        }
        openReaders.clear();
        try {
            db.close();
        } catch (IOException | RuntimeException e) {
            throw new StorageException(StorageException.Kind.IO, "cannot close leveldb in " + directory + ": " + e.getMessage(), e);
        } finally {
            lock.close();
        }
    }

    void checkOpen() {
        if (closed) {
            throw new StorageException(StorageException.Kind.CLOSED, "leveldb storage engine in " + directory + " is closed");
        }
    }

    /** Turns a failure of the port into a {@link StorageException} saying what failed. */
    StorageException translate(RuntimeException e, String action) {
        if (e instanceof StorageException se) {
            return se;
        }
        if (closed) {
            return new StorageException(StorageException.Kind.CLOSED,
                    "leveldb storage engine in " + directory + " was closed during a " + action, e);
        }
        String message = String.valueOf(e.getMessage());
        StorageException.Kind kind = message.toLowerCase(java.util.Locale.ROOT).contains("corrupt")
                ? StorageException.Kind.CORRUPT : StorageException.Kind.IO;
        return new StorageException(kind, "cannot " + action + " leveldb in " + directory + ": " + e, e);
    }

    static void checkNotNull(byte[] bytes, String what) {
        if (bytes == null) {
            throw new StorageException(StorageException.Kind.INVALID, what + " must not be null");
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Releasing a resource during cleanup; the caller has nothing to do about a failure.
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }
}
