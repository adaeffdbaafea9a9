package io.cairn.commands.bench;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Runs one operation's transaction for one client, retrying retryable errors a bounded number
 * of times, and counts every attempt, conflict and retried error. Not thread-safe: one per client.
 */
final class Attempts {
    /** Attempts per operation before its last retryable error counts as a failure. */
    static final int MAX_ATTEMPTS = 10;

    private final Database db;
    private long attempts;
    private long conflicts;
    private final Map<ErrorCode, Long> retried = new EnumMap<>(ErrorCode.class);

    /** Attempts against {@code db}. */
    Attempts(Database db) {
        this.db = db;
    }

    /**
     * Runs {@code work} in a new transaction and commits it, retrying retryable errors with a short
     * growing backoff; blocks. Each retry may run {@code work} again.
     *
     * @throws CairnException the error of the last attempt when it is not retryable or attempts ran out
     */
    <T> T run(Function<Transaction, T> work) {
        for (int attempt = 1;; attempt++) {
            attempts++;
            try (Transaction tx = db.createTransaction()) {
                T result = work.apply(tx);
                tx.commit();
                return result;
            } catch (CairnException e) {
                if (e.error() == ErrorCode.NOT_COMMITTED) {
                    conflicts++;
                }
                if (!e.error().isRetryable() || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                retried.merge(e.error(), 1L, Long::sum);
                LockSupport.parkNanos(Math.min(20_000_000L, 100_000L << Math.min(attempt, 8)));
            }
        }
    }

    /** Forgets the counts so far, when the warm-up ends. */
    void reset() {
        attempts = 0;
        conflicts = 0;
        retried.clear();
    }

    /** Transactions tried, retries included. */
    long attempts() {
        return attempts;
    }

    /** Attempts that failed with {@code not_committed} (1020). */
    long conflicts() {
        return conflicts;
    }

    /** Errors that were retried, by code. */
    Map<ErrorCode, Long> retried() {
        return retried;
    }
}
