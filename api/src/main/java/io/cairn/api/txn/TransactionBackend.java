package io.cairn.api.txn;

/**
 * What a {@link BufferedTransaction} needs from a database: read versions, versioned reads and
 * commits. Implemented by the embedded engine and by the remote client.
 *
 * <p>Implementations are thread-safe; every method may block. Failures are
 * {@link io.cairn.api.CairnException}s with the codes named below.
 */
public interface TransactionBackend {
    /**
     * The newest committed version, at which a new transaction reads. Fails with 1600 when
     * closed. The caller hands it back with {@link #releaseReadVersion} when the transaction
     * ends, so that the backend may stop keeping versions no transaction reads (they still leave
     * after the MVCC window).
     */
    long readVersion();

    /** Says that a transaction reading at {@code version} has ended; does nothing by default. Does not block. */
    default void releaseReadVersion(long version) {}

    /**
     * The value of {@code key} at {@code version}, or {@code null} when it has none.
     *
     * @throws io.cairn.api.CairnException 1007 when {@code version} is older than the MVCC window
     */
    byte[] get(byte[] key, long version);

    /** A read version and the value of one key at it ({@code null} when it has none). */
    record VersionedValue(long version, byte[] value) {}

    /**
     * Takes a read version as {@link #readVersion} does and reads {@code key} at it: a
     * transaction's first read, in one step where the backend can (a cluster answers both in one
     * request). The caller releases the version as one from {@link #readVersion}. By default it
     * calls the two methods, and releases the version itself when the read fails.
     */
    default VersionedValue readVersionAndGet(byte[] key) {
        long version = readVersion();
        try {
            return new VersionedValue(version, get(key, version));
        } catch (RuntimeException e) {
            releaseReadVersion(version);
            throw e;
        }
    }

    /**
     * Up to {@code limit} rows of {@code [begin, end)} (begin inclusive, end exclusive) at
     * {@code version}, in key order or reverse key order. A caller reads a large range as a
     * stream of such batches, narrowing the range past the last row each time.
     *
     * @param limit the most rows to return, at least 1
     * @throws io.cairn.api.CairnException 1007 when {@code version} is older than the MVCC window
     */
    RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version);

    /**
     * Commits {@code request}; blocks until it is durable and applied, or rejected.
     *
     * @return the version the transaction committed at
     * @throws io.cairn.api.CairnException 1020 on a conflict, 1007 when the read version is too
     *     old, 1021 when the outcome is unknown, 1600 when closed
     */
    long commit(CommitRequest request);

    /**
     * Like {@link #commit}, but the outcome arrives in the future (the version, or the
     * {@link io.cairn.api.CairnException} {@link #commit} would throw) instead of holding the
     * calling thread while the record is made durable. By default it calls {@link #commit} and
     * so blocks; backends that can wait without a thread override it. Thread-safe.
     */
    default java.util.concurrent.CompletableFuture<Long> commitAsync(CommitRequest request) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(commit(request));
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }
}
