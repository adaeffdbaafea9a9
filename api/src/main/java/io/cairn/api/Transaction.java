package io.cairn.api;

import java.time.Duration;

/**
 * A serializable transaction: reads at one version, buffers writes, and applies them atomically
 * at {@link #commit()}.
 *
 * <p>Writes are visible to this transaction's own reads at once and to others only after commit.
 * The commit fails with {@code not_committed} (1020) when a key or range it read was written by a
 * transaction committed after its read version. Use {@link Database#run} to retry such failures.
 * Not thread-safe.
 */
public interface Transaction extends ReadTransaction, AutoCloseable {
    /** Sets {@code key} to {@code value}. */
    void set(byte[] key, byte[] value);

    /** Removes {@code key}, if present. */
    void clear(byte[] key);

    /** Removes every key in {@code range} (begin inclusive, end exclusive). */
    void clear(Range range);

    /** Applies an atomic operation to {@code key} at commit time; see {@link MutationType}. */
    void mutate(MutationType type, byte[] key, byte[] param);

    /** Adds a read-conflict range, as if the range had been read. */
    void addReadConflictRange(Range range);

    /** Adds a write-conflict range, as if the range had been written. */
    void addWriteConflictRange(Range range);

    /** Bounds how long the transaction may live, from now; {@code Duration.ZERO} removes it. */
    void setTimeout(Duration timeout);

    /**
     * Commits the transaction; blocks until it is durable or has failed.
     *
     * <p>A read-only transaction commits without writing anything.
     *
     * @throws CairnException 1020 on a conflict, 1021 when the outcome is unknown, 1031 on
     *     timeout, 2101 when too large
     */
    void commit();

    /** The version the transaction committed at; -1 before a successful commit or when read-only. */
    long getCommittedVersion();

    /** Cancels the transaction; later use fails with {@code transaction_cancelled} (1025). */
    void cancel();

    /** Releases the transaction; an uncommitted one is discarded. */
    @Override
    void close();
}
