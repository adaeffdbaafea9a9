package io.cairn.api.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RetryLoopTest {
    /** A backend whose commits fail with the queued errors, then succeed. */
    private static final class FailingBackend implements TransactionBackend {
        final List<ErrorCode> failures = new ArrayList<>();
        final List<byte[]> ids = new ArrayList<>();
        long version = 10;

        @Override
        public long readVersion() {
            return version;
        }

        @Override
        public byte[] get(byte[] key, long v) {
            return null;
        }

        @Override
        public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long v) {
            return new RangeBatch(List.<KeyValue>of(), false);
        }

        @Override
        public long commit(CommitRequest request) {
            ids.add(request.transactionId());
            if (!failures.isEmpty()) {
                ErrorCode e = failures.remove(0);
                throw new CairnException(e, "injected " + e.label());
            }
            return ++version;
        }
    }

    private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO);

    @Test
    void retryableErrorsAreRetriedWithOneTransactionIdAcrossAttempts() {
        FailingBackend backend = new FailingBackend();
        backend.failures.add(ErrorCode.NOT_COMMITTED);
        backend.failures.add(ErrorCode.COMMIT_UNKNOWN_RESULT);
        backend.failures.add(ErrorCode.TRANSACTION_TOO_OLD);
        int[] runs = {0};
        String r = RetryLoop.run(id -> new BufferedTransaction(backend, id), FAST, tx -> {
            runs[0]++;
            tx.set(new byte[] {1}, new byte[] {2});
            return "done";
        });
        assertEquals("done", r);
        assertEquals(4, runs[0]);
        assertEquals(4, backend.ids.size());
        for (byte[] id : backend.ids) {
            assertArrayEquals(backend.ids.get(0), id);
        }
    }

    @Test
    void nonRetryableErrorsAreThrownAtOnce() {
        FailingBackend backend = new FailingBackend();
        backend.failures.add(ErrorCode.TRANSACTION_TOO_LARGE);
        int[] runs = {0};
        CairnException e = assertThrows(CairnException.class, () -> RetryLoop.run(
                id -> new BufferedTransaction(backend, id), FAST, tx -> {
                    runs[0]++;
                    tx.set(new byte[] {1}, new byte[] {2});
                    return null;
                }));
        assertEquals(ErrorCode.TRANSACTION_TOO_LARGE, e.error());
        assertEquals(1, runs[0]);
    }

    @Test
    void retryLimitBoundsAttempts() {
        FailingBackend backend = new FailingBackend();
        for (int i = 0; i < 10; i++) {
            backend.failures.add(ErrorCode.NOT_COMMITTED);
        }
        CairnException e = assertThrows(CairnException.class, () -> RetryLoop.run(
                id -> new BufferedTransaction(backend, id), FAST, tx -> {
                    tx.set(new byte[] {1}, new byte[] {2});
                    return null;
                }));
        assertEquals(ErrorCode.NOT_COMMITTED, e.error());
        assertTrue(e.getMessage().contains("5 attempts"), e.getMessage());
        assertEquals(5, backend.ids.size());
    }

    @Test
    void retryTimeoutBoundsTimeWithBackoff() {
        FailingBackend backend = new FailingBackend();
        for (int i = 0; i < 1000; i++) {
            backend.failures.add(ErrorCode.NOT_COMMITTED);
        }
        RetryPolicy slow = new RetryPolicy(1000, Duration.ofMillis(200), Duration.ofMillis(20), Duration.ofMillis(100));
        CairnException e = assertThrows(CairnException.class, () -> RetryLoop.run(
                id -> new BufferedTransaction(backend, id), slow, tx -> {
                    tx.set(new byte[] {1}, new byte[] {2});
                    return null;
                }));
        assertEquals(ErrorCode.TRANSACTION_TIMED_OUT, e.error());
        assertTrue(backend.ids.size() < 20, "backoff should space attempts: " + backend.ids.size());
    }

    @Test
    void invalidPoliciesAreRejected() {
        assertThrows(CairnException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO));
        assertThrows(CairnException.class, () -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(CairnException.class,
                () -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMillis(5), Duration.ofMillis(1)));
    }
}
