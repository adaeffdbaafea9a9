package io.cairn.storage;

/** Point and range reads, shared by a live {@link StorageEngine} and a {@link StorageSnapshot}. */
public interface StorageReader {
    /** The value of {@code key}, or {@code null} when absent. */
    byte[] get(byte[] key);

    /**
     * Iterates {@code [begin, end)} in unsigned byte order, or in reverse order when
     * {@code reverse}. A {@code null} end means no upper bound. The iterator sees one consistent
     * state of the data, even while writes continue.
     */
    StorageIterator iterator(byte[] begin, byte[] end, boolean reverse);
}
