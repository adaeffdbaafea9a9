package io.cairn.storage.memory;

import io.cairn.storage.StorageException;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link MemoryEngine} frozen at one sequence number. Thread-safe. */
final class MemorySnapshot implements StorageSnapshot {
    private final MemoryEngine engine;
    private final long seq;
    private final AtomicBoolean closed = new AtomicBoolean();

    MemorySnapshot(MemoryEngine engine, long seq) {
        this.engine = engine;
        this.seq = seq;
    }

    @Override
    public byte[] get(byte[] key) {
        checkOpen();
        MemoryEngine.checkKey(key, "key");
        byte[] v = engine.read(key, seq);
        return v == null ? null : v.clone();
    }

    @Override
    public StorageIterator iterator(byte[] begin, byte[] end, boolean reverse) {
        checkOpen();
        MemoryEngine.checkKey(begin, "begin");
        // The iterator registers at the snapshot's sequence number so it stays valid after the snapshot closes.
        engine.acquireAt(seq);
        return new MemoryIterator(engine, begin, end, reverse, seq, true);
    }

    private void checkOpen() {
        engine.checkOpen();
        if (closed.get()) {
            throw new StorageException(StorageException.Kind.CLOSED, "storage snapshot is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.release(seq);
        }
    }
}
