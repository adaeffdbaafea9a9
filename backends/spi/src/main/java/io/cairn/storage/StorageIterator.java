package io.cairn.storage;

import java.util.Iterator;

/**
 * Iterates a key range of one consistent snapshot, forward or backward. Close it to release the
 * snapshot. Not thread-safe.
 */
public interface StorageIterator extends Iterator<StorageEntry>, AutoCloseable {
    /** Releases the iterator; never throws. */
    @Override
    void close();
}
