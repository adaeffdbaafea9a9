package io.cairn.api;

import java.util.List;

/**
 * Reads at one consistent read version.
 *
 * <p>All reads of one transaction see the database as of {@link #getReadVersion()}, plus the
 * transaction's own writes. In a {@link Transaction}, reads add read-conflict ranges so that the
 * commit fails with {@code not_committed} (1020) if another transaction changed what was read;
 * reads through {@link #snapshot()} add none. Methods block; a transaction is not meant to be
 * used by several threads at once.
 */
public interface ReadTransaction {
    /** The version this transaction reads at; fixed at the first read. */
    long getReadVersion();

    /**
     * The value of {@code key}, or {@code null} when it has none.
     *
     * @throws CairnException 2102 for an oversize key, 2004 for a key in the system range,
     *     1007 when the read version fell out of the MVCC window
     */
    byte[] get(byte[] key);

    /**
     * Up to {@code limit} pairs of {@code range} in key order, or reverse key order when
     * {@code reverse}; a limit of 0 means no limit.
     */
    List<KeyValue> getRange(Range range, int limit, boolean reverse);

    /** Every pair of {@code range} in key order. */
    default List<KeyValue> getRange(Range range) {
        return getRange(range, 0, false);
    }

    /**
     * Streams the pairs of {@code range} without holding them all in memory. The whole range
     * counts as read for conflicts, even if the iterator is closed early.
     */
    KeyValueIterator iterate(Range range, boolean reverse);

    /** A view of this transaction whose reads add no read-conflict ranges. */
    ReadTransaction snapshot();
}
