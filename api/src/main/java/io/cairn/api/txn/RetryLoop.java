package io.cairn.api.txn;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The retry loop behind {@code Database.run} and {@code Database.read}: runs work in a fresh
 * transaction, commits, and retries retryable {@link CairnException}s with jittered exponential
 * backoff until it succeeds or the {@link RetryPolicy}'s attempts or time run out.
 *
 * <p>The work may run more than once. Every attempt of one call shares a transaction id, so a
 * commit retried after {@code commit_unknown_result} (1021) is applied at most once. Blocks;
 * thread-safe (stateless).
 */
public final class RetryLoop {
    /** Length of the random transaction id given to each call. */
    private static final int ID_LENGTH = 16;
    /**
     * How long after its first attempt a call still retries a commit that may have been applied
     * ({@link CairnException#isMaybeCommitted()}); later the error goes to the caller. Servers
     * remember transaction ids for longer than this, so a retry within it is applied at most once.
     */
    public static final java.time.Duration MAYBE_COMMITTED_RETRY_LIMIT = java.time.Duration.ofSeconds(90);

    /** Creates transactions for the loop. */
    @FunctionalInterface
    public interface TransactionFactory {
        /** A new transaction whose commit carries {@code transactionId}. */
        Transaction create(byte[] transactionId);
    }

    private RetryLoop() {}

    /**
     * Runs {@code work} and commits, retrying as the policy allows.
     *
     * @return what {@code work} returned on the attempt that committed
     * @throws CairnException the last error when it is not retryable or retries ran out;
     *     {@link ErrorCode#TRANSACTION_TIMED_OUT} wraps a retryable error when time ran out
     */
    public static <T> T run(TransactionFactory factory, RetryPolicy policy, Function<? super Transaction, T> work) {
        byte[] id = new byte[ID_LENGTH];
        ThreadLocalRandom.current().nextBytes(id);
        long start = System.nanoTime();
        long deadline = start + policy.timeout().toNanos();
        long backoff = policy.initialBackoff().toNanos();
        for (int attempt = 1; ; attempt++) {
            try (Transaction tx = factory.create(id)) {
                T result = work.apply(tx);
                tx.commit();
                return result;
            } catch (CairnException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                if (e.isMaybeCommitted() && System.nanoTime() - start > MAYBE_COMMITTED_RETRY_LIMIT.toNanos()) {
                    throw new CairnException(e.error(), e.getMessage() + " (not retried: the first attempt began more"
                            + " than " + MAYBE_COMMITTED_RETRY_LIMIT.toSeconds() + " s ago, longer than servers remember"
                            + " which transactions committed)", e);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new CairnException(e.error(), e.getMessage() + " (gave up after " + attempt + " attempts)", e);
                }
                long sleep = backoff == 0 ? 0 : ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                if (System.nanoTime() + sleep - deadline > 0) {
                    throw new CairnException(ErrorCode.TRANSACTION_TIMED_OUT, "gave up retrying after "
                            + policy.timeout().toMillis() + " ms and " + attempt + " attempts; last error: " + e, e);
                }
                sleepNanos(sleep);
                backoff = Math.min(policy.maxBackoff().toNanos(), Math.max(backoff * 2, 1));
            }
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while backing off between retries", e);
        }
    }
}
