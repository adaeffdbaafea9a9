package io.cairn.api.txn;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.time.Duration;

/**
 * How {@link RetryLoop} retries: at most {@code maxAttempts} attempts within {@code timeout},
 * sleeping an exponentially growing, jittered backoff between {@code initialBackoff} and
 * {@code maxBackoff}. Immutable.
 *
 * @param maxAttempts the most attempts, at least 1
 * @param timeout the longest time spent retrying, positive
 * @param initialBackoff the backoff before the second attempt, zero or positive
 * @param maxBackoff the largest backoff, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration timeout, Duration initialBackoff, Duration maxBackoff) {
    /** The default: 100 attempts within 60 seconds, backing off from 1 ms to 500 ms. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(100, Duration.ofSeconds(60), Duration.ofMillis(1), Duration.ofMillis(500));

    /** Validates the policy. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "retry limit must be at least 1, not " + maxAttempts);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "retry timeout must be positive, not " + timeout);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "backoff must satisfy 0 <= initial ("
                    + initialBackoff + ") <= max (" + maxBackoff + ")");
        }
    }
}
