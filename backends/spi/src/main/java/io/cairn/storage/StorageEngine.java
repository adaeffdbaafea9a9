package io.cairn.storage;

/**
 * An ordered map of byte-string keys, compared as unsigned bytes, with atomic write batches.
 *
 * <p>Contract, checked by the conformance kit:
 * <ul>
 *   <li>A batch is applied atomically: readers and a reopen after a crash see all of it or none.
 *   <li>A batch written with {@code sync} survives a process kill and a power cut once
 *       {@link #write} returns.
 *   <li>Iterators and snapshots are consistent: writes after their creation do not show through.
 *   <li>After {@link #close()}, every call fails with {@link StorageException.Kind#CLOSED}.
 * </ul>
 * Thread-safe: reads may run concurrently with each other and with writes.
 */
public interface StorageEngine extends StorageReader, AutoCloseable {
    /** Applies {@code batch} atomically; when {@code sync}, returns only once it is durable. */
    void write(WriteBatch batch, boolean sync);

    /** A consistent read-only view of the current data. */
    StorageSnapshot snapshot();

    /** An estimate of the bytes stored for keys in {@code [begin, end)}; {@code null} end means unbounded. */
    long approximateSize(byte[] begin, byte[] end);

    /** Compacts the storage for keys in {@code [begin, end)}, reclaiming space; may take long. */
    void compact(byte[] begin, byte[] end);

    /** Closes the engine and releases its directory lock. Idempotent. */
    @Override
    void close();
}
