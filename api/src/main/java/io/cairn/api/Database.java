package io.cairn.api;

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
}
