package io.cairn.storage.leveldb;

import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;

/**
 * A consistent view of a {@link LevelDbEngine} backed by one {@link PinnedView}. Thread-safe;
 * reads through it are serialized. Iterators made from it fail with {@code CLOSED} once it closes.
 */
final class LevelDbSnapshot implements StorageSnapshot {
    private final LevelDbEngine engine;
    private final PinnedView view;

    LevelDbSnapshot(LevelDbEngine engine, PinnedView view) {
        this.engine = engine;
        this.view = view;
    }

    @Override
    public byte[] get(byte[] key) {
        LevelDbEngine.checkNotNull(key, "key");
        return view.get(key);
    }

    @Override
    public StorageIterator iterator(byte[] begin, byte[] end, boolean reverse) {
        engine.checkOpen();
        LevelDbEngine.checkNotNull(begin, "begin");
        return reverse ? new LevelDbIterator.Reverse(view, begin, end, engine, false)
                : new LevelDbIterator.Forward(view, begin, end, engine, false);
    }

    @Override
    public void close() {
        view.close();
        engine.forget(this);
    }
}
