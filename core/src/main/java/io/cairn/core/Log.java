package io.cairn.core;

import java.util.concurrent.CompletableFuture;

/**
 * An ordered, durable log of records that feeds a deterministic {@link StateMachine}: the local
 * write-ahead log when embedded, a Raft log in a cluster.
 *
 * <p>The log gives each record a version greater than every earlier one, makes it durable, and
 * then applies it, in version order, on one thread. Implementations are thread-safe.
 */
public interface Log extends AutoCloseable {
    /** A rejected record: the outcome of {@link StateMachine#apply} for a commit that failed, and the error its committer gets. */
    record Rejection(io.cairn.api.ErrorCode code, String message) {}

    /** A record and the version the log gave it. */
    record VersionedRecord(long version, byte[] record) {}

    /** Applies records in log order; called by one thread at a time. */
    @FunctionalInterface
    interface StateMachine {
        /**
         * Applies one record and returns its outcome, which the log hands to whoever appended it:
         * the commit version as a {@link Long}, a {@link Rejection}, or {@code null} for a record
         * the backend already held when the engine opened (a replay, which only rebuilds the
         * conflict history and the transaction ids). A log may replay such records during
         * {@link Log#start} or after it, before its first new record.
         *
         * @param version the record's version, greater than every earlier record's
         * @param record the bytes appended
         */
        Object apply(long version, byte[] record);

        /**
         * Replaces the whole state with a copy of another replica's: {@code pairs} are every key of
         * its backend (bookkeeping keys included) at the version recorded among them, then
         * {@code entries} are the records its log still held, in version order, which rebuild the
         * conflict history (those at or below that version) and apply the rest. Called on the
         * apply thread instead of {@link #apply}. Blocks; reads fail with {@code unavailable}
         * meanwhile. When it fails midway, the state stays marked incomplete: reads keep failing,
         * and the next open discards it, so the copy is made again.
         */
        default void restore(java.util.Iterator<io.cairn.api.KeyValue> pairs, java.util.Iterator<VersionedRecord> entries) {
            throw new UnsupportedOperationException("this state machine cannot be replaced by a copy");
        }
    }

    /**
     * Replays every stored record through {@code stateMachine}, then starts accepting appends;
     * versions given from now on exceed {@code minVersion}. Blocks until the replay is done.
     */
    void start(StateMachine stateMachine, long minVersion);

    /**
     * Appends {@code record}; the future completes with the state machine's outcome once the
     * record is durable and applied, or exceptionally with a {@link io.cairn.api.CairnException}.
     * Does not block.
     */
    CompletableFuture<Object> append(byte[] record);

    /** Tells the log that records with versions below {@code version} need not be replayed again. */
    void release(long version);

    /**
     * Whether records must be kept until transaction ids in them expire (see
     * {@link TransactionIds#RETENTION_MICROS}), so that a restarted replica still recognises a
     * retried commit. True for a replicated log, where a client may retry on another member; an
     * embedded log is only retried by its own process.
     */
    default boolean keepsRecordsForRetries() {
        return false;
    }

    /** The bytes the log occupies. */
    long sizeBytes();

    /** What recovery found wrong (a truncated tail), or {@code null} when nothing. */
    String recoveryWarning();

    /** Stops accepting appends, fails pending ones with {@code database_closed}, and closes files. Idempotent. */
    @Override
    void close();
}
