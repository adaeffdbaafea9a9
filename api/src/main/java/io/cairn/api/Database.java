package io.cairn.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Cairn database, embedded on local disk or remote in a cluster.
 *
 * <p>Thread-safe: many threads may create and run transactions at once.
 */
public interface Database extends AutoCloseable {
    /** Starts a new transaction; the caller closes it. */
    Transaction createTransaction();

    /**
     * Runs {@code work} in a transaction, commits it, and retries with backoff on retryable
     * errors (conflicts, too old, unknown result) until it succeeds, the retry limit is reached,
     * or the database's retry timeout passes.
     *
     * <p>The function may run more than once, so it must not change state outside the
     * transaction and must be safe to repeat. A {@code commit_unknown_result} retried this way
     * may apply the work twice unless the work itself is idempotent.
     *
     * @return what {@code work} returned on the attempt that committed
     */
    <T> T run(Function<? super Transaction, T> work);

    /**
     * Runs {@code work} in a read-only transaction, retrying retryable errors like
     * {@link #run}. The function may run more than once.
     */
    <T> T read(Function<? super ReadTransaction, T> work);

    /** Closes the database; open transactions fail with {@code database_closed} (1600). */
    @Override
    void close();

    /**
     * Long-lived consistent snapshots, for backups and other reads that outlast the MVCC window;
     * empty when this database does not offer them.
     */
    default Optional<Snapshots> snapshots() {
        return Optional.empty();
    }

    /** Compaction and integrity checks of the stored data; empty when this database does not offer them. */
    default Optional<Maintenance> maintenance() {
        return Optional.empty();
    }

    /** Optional feature: snapshots that stay readable at one version for as long as they are open. */
    interface Snapshots {
        /**
         * Opens a snapshot of every user key at one recent committed version. Blocks briefly;
         * thread-safe. The caller closes the snapshot; an open snapshot holds storage space.
         *
         * @throws CairnException 1600 when the database is closed
         */
        LongSnapshot openSnapshot();
    }

    /**
     * A consistent read-only view of the database at {@link #version()} that, unlike a read
     * transaction, does not expire while open. Thread-safe; each iterator is used by one thread.
     */
    interface LongSnapshot extends AutoCloseable {
        /** The committed version every read of this snapshot sees. */
        long version();

        /** An identifier of the database the snapshot reads, stable across restarts. */
        String databaseId();

        /**
         * Streams the pairs of {@code range} (begin inclusive, end exclusive) in key order; keys
         * in the system range are never returned. Blocks while reading.
         */
        KeyValueIterator iterate(Range range);

        /** An estimate of the bytes of keys and values in {@code range}, or -1 when unknown. */
        default long estimateBytes(Range range) {
            return -1;
        }

        /** Releases the snapshot; iterators still open fail afterwards. Idempotent, never throws. */
        @Override
        void close();
    }

    /** Optional feature: online compaction and integrity checks of the stored data. */
    interface Maintenance {
        /**
         * Compacts the stored data of keys in {@code range} (begin inclusive, end exclusive) to
         * reclaim space, while reads and writes go on. Blocks until done; thread-safe.
         */
        void compact(Range range);

        /**
         * Reads every stored entry and log record and checks them; blocks until done, thread-safe.
         * Problems found are reported in the result, not thrown.
         */
        CheckReport check();

        /**
         * What an integrity check examined and found.
         *
         * @param counts what was examined, by name ({@code keys}, {@code bytes}, {@code logRecords}, ...)
         * @param problems one readable sentence per problem found, naming the part; empty when healthy
         */
        record CheckReport(Map<String, Long> counts, List<String> problems) {
            /** Copies both arguments, keeping the order of {@code counts}. */
            public CheckReport {
                counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
                problems = List.copyOf(problems);
            }

            /** Whether no problem was found. */
            public boolean healthy() {
                return problems.isEmpty();
            }
        }
    }
}
