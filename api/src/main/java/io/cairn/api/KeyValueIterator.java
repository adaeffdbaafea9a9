package io.cairn.api;

import java.util.Iterator;

/**
 * A streaming iterator over a range read; close it to release the snapshot it holds.
 *
 * <p>Not thread-safe. Iterating after the transaction is closed fails with
 * {@link ErrorCode#TRANSACTION_CANCELLED} or {@link ErrorCode#DATABASE_CLOSED}.
 */
public interface KeyValueIterator extends Iterator<KeyValue>, AutoCloseable {
    /** Releases the resources held by the iterator; never throws. */
    @Override
    void close();
}
