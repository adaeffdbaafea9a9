package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates [begin, end) of a {@link PinnedView} in chunks, forward or backward. Not thread-safe;
 * once the engine or the view is closed, {@link #hasNext} fails with {@code CLOSED}.
 */
abstract class LevelDbIterator implements StorageIterator {
    /** Entries fetched per call into the view. */
    static final int CHUNK = 128;

    final PinnedView view;
    final byte[] begin;
    final byte[] end;
    private final LevelDbEngine engine;
    /** Whether the view belongs to this iterator and closes with it. */
    private final boolean ownsView;
    final List<StorageEntry> buffer = new ArrayList<>(CHUNK);
    int position;
    boolean exhausted;
    private boolean closed;

    LevelDbIterator(PinnedView view, byte[] begin, byte[] end, LevelDbEngine engine, boolean ownsView) {
        this.view = view;
        this.begin = begin.clone();
        this.end = end == null ? null : end.clone();
        this.engine = engine;
        this.ownsView = ownsView;
    }

    /** Refills {@link #buffer} in iteration order, resetting {@link #position}; sets {@link #exhausted} at the end. */
    abstract void refill();

    @Override
    public final boolean hasNext() {
        engine.checkOpen();
        if (closed) {
            throw new io.cairn.storage.StorageException(io.cairn.storage.StorageException.Kind.CLOSED,
                    "storage iterator is closed");
        }
        while (position >= buffer.size()) {
            if (exhausted) {
                release();
                return false;
            }
            buffer.clear();
            position = 0;
            refill();
        }
        return true;
    }

    @Override
    public final StorageEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("iterator is exhausted");
        }
        return buffer.get(position++);
    }

    /** Lets go of the pinned state early, once nothing is left to read. */
    private void release() {
        if (ownsView) {
            view.close();
        }
        engine.forget(this);
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            buffer.clear();
            release();
        }
    }

    /** Ascending order: one seek, then chunks read on from where the last one stopped. */
    static final class Forward extends LevelDbIterator {
        private byte[] resumeFrom;

        Forward(PinnedView view, byte[] begin, byte[] end, LevelDbEngine engine, boolean ownsView) {
            super(view, begin, end, engine, ownsView);
            resumeFrom = this.begin;
        }

        @Override
        void refill() {
            boolean resume = resumeFrom != begin;
            boolean more = view.scan(this, resume, resumeFrom, end, CHUNK, buffer);
            if (!buffer.isEmpty()) {
                // The key right after the last one seen: where a re-seek continues if the view was moved.
                byte[] last = buffer.get(buffer.size() - 1).key();
                resumeFrom = java.util.Arrays.copyOf(last, last.length + 1);
            }
            exhausted = !more;
        }
    }

    /** Descending order, built from forward scans of shrinking windows. */
    static final class Reverse extends LevelDbIterator {
        private final ReverseScanner scanner;

        Reverse(PinnedView view, byte[] begin, byte[] end, LevelDbEngine engine, boolean ownsView) {
            super(view, begin, end, engine, ownsView);
            scanner = new ReverseScanner(view, this.begin, this.end);
        }

        @Override
        void refill() {
            exhausted = !scanner.nextWindow(buffer);
        }
    }
}
