package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.ReadOptions;
import org.iq80.leveldb.Snapshot;
import org.iq80.leveldb.impl.SnapshotImpl;

/**
 * One consistent state of a LevelDB database, read through a single pinned iterator.
 *
 * <p>Why not LevelDB snapshots alone: the Java port reads a snapshot's point lookups from the
 * <em>current</em> table files, and its compactions ignore open snapshots, so an old snapshot's
 * values can vanish. An iterator, by contrast, reads the memtables and table files that were
 * current when it was made. This class makes one such iterator while the table-file version is
 * pinned by a snapshot, and serves every read of the view through it.
 *
 * <p>Reference counting: the port's iterator releases its snapshot's version when closed, so the
 * pinning snapshot is released by closing the iterator, never by closing the snapshot itself.
 *
 * <p>Thread-safe: reads are serialized on this object.
 */
final class PinnedView implements AutoCloseable {
    private final LevelDbEngine engine;
    private final DBIterator iterator;
    /** Who moved the iterator last, and whether it may continue without a seek. */
    private Object positionOwner;
    private boolean closed;

    private PinnedView(LevelDbEngine engine, DBIterator iterator) {
        this.engine = engine;
        this.iterator = iterator;
    }

    /** Pins the current state of {@code db}; blocks only while LevelDB takes its own mutex. */
    static PinnedView open(LevelDbEngine engine, DB db) {
        while (true) {
            Snapshot pin = db.getSnapshot();
            DBIterator it = db.iterator(new ReadOptions().snapshot(pin));
            Snapshot check = db.getSnapshot();
            boolean sameVersion = ((SnapshotImpl) pin).getVersion() == ((SnapshotImpl) check).getVersion();
            LevelDbEngine.closeQuietly(check);
            if (sameVersion) {
                // No flush or compaction installed new files between pinning and making the iterator.
                return new PinnedView(engine, it);
            }
            LevelDbEngine.closeQuietly(it);
        }
    }

    /** The value of {@code key} in this view, or {@code null}. */
    synchronized byte[] get(byte[] key) {
        checkOpen();
        try {
            positionOwner = null;
            iterator.seek(key);
            if (iterator.hasNext()) {
                Map.Entry<byte[], byte[]> e = iterator.peekNext();
                if (Arrays.equals(e.getKey(), key)) {
                    return e.getValue();
                }
            }
            return null;
        } catch (RuntimeException e) {
            throw engine.translate(e, "read");
        }
    }

    /**
     * Appends to {@code out} up to {@code max} entries of [from, to) in ascending order; returns
     * whether more entries of the range may follow. A null {@code to} means unbounded. When
     * {@code owner} made the previous scan and {@code resume} is set, the scan continues where
     * that one stopped instead of seeking to {@code from}.
     */
    synchronized boolean scan(Object owner, boolean resume, byte[] from, byte[] to, int max, List<StorageEntry> out) {
        checkOpen();
        try {
            if (!(resume && owner != null && owner == positionOwner)) {
                iterator.seek(from);
            }
            positionOwner = owner;
            int n = 0;
            while (n < max) {
                if (!iterator.hasNext()) {
                    return false;
                }
                Map.Entry<byte[], byte[]> e = iterator.next();
                byte[] key = e.getKey();
                if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                    // One entry past the range was consumed: the next scan must seek.
                    positionOwner = null;
                    return false;
                }
                out.add(new StorageEntry(key, e.getValue()));
                n++;
            }
            return true;
        } catch (RuntimeException e) {
            throw engine.translate(e, "read");
        }
    }

    private void checkOpen() {
        engine.checkOpen();
        if (closed) {
            throw new StorageException(StorageException.Kind.CLOSED, "leveldb snapshot or iterator is closed");
        }
    }

    /** Unpins the state; idempotent, never throws. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LevelDbEngine.closeQuietly(iterator);
        }
    }
}
