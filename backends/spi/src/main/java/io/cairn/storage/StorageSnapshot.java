package io.cairn.storage;

/**
 * A consistent, read-only view of a {@link StorageEngine} at one moment; later writes do not
 * show through. Close it to let the engine reclaim space. Thread-safe.
 */
public interface StorageSnapshot extends StorageReader, AutoCloseable {
    /** Releases the snapshot; iterators already open may still fail afterwards. Never throws. */
    @Override
    void close();
}
