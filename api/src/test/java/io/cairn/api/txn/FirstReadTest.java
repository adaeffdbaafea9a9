package io.cairn.api.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstReadTest {
    /** Records which calls a transaction makes; values are the key itself followed by the version. */
    private static final class RecordingBackend implements TransactionBackend {
        final List<String> calls = new ArrayList<>();
        final List<Long> released = new ArrayList<>();
        long next = 7;
        boolean failGets;

        @Override
        public long readVersion() {
            calls.add("readVersion");
            return next++;
        }

        @Override
        public void releaseReadVersion(long version) {
            released.add(version);
        }

        @Override
        public byte[] get(byte[] key, long version) {
            calls.add("get@" + version);
            if (failGets) {
                throw new CairnException(ErrorCode.TRANSACTION_TOO_OLD, "too old");
            }
            return new byte[] {key[0], (byte) version};
        }

        @Override
        public VersionedValue readVersionAndGet(byte[] key) {
            calls.add("readVersionAndGet");
            long v = next++;
            return new VersionedValue(v, new byte[] {key[0], (byte) v});
        }

        @Override
        public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
            return new RangeBatch(List.of(), false);
        }

        @Override
        public long commit(CommitRequest request) {
            return 100;
        }
    }

    @Test
    void theFirstReadTakesTheReadVersionInOneStepAndLaterReadsUseIt() {
        RecordingBackend b = new RecordingBackend();
        try (BufferedTransaction tx = new BufferedTransaction(b)) {
            assertArrayEquals(new byte[] {1, 7}, tx.get(new byte[] {1}));
            assertArrayEquals(new byte[] {2, 7}, tx.get(new byte[] {2}));
            assertEquals(7, tx.getReadVersion());
            tx.commit();
        }
        assertEquals(List.of("readVersionAndGet", "get@7"), b.calls);
        assertEquals(List.of(7L), b.released, "the version taken with the first read is released once");
    }

    @Test
    void aReadAfterAnExplicitReadVersionDoesNotTakeAnother() {
        RecordingBackend b = new RecordingBackend();
        try (BufferedTransaction tx = new BufferedTransaction(b)) {
            assertEquals(7, tx.getReadVersion());
            assertArrayEquals(new byte[] {1, 7}, tx.get(new byte[] {1}));
        }
        assertEquals(List.of("readVersion", "get@7"), b.calls);
    }

    @Test
    void theDefaultReadsAtAFreshVersionAndReleasesItWhenTheReadFails() {
        RecordingBackend b = new RecordingBackend();
        TransactionBackend.VersionedValue v = ((TransactionBackend) new DefaultOnly(b)).readVersionAndGet(new byte[] {3});
        assertEquals(7, v.version());
        assertArrayEquals(new byte[] {3, 7}, v.value());
        b.failGets = true;
        assertThrows(CairnException.class, () -> new DefaultOnly(b).readVersionAndGet(new byte[] {3}));
        assertEquals(List.of(8L), b.released);
    }

    /** Delegates everything but {@link #readVersionAndGet}, so that the interface's default runs. */
    private record DefaultOnly(RecordingBackend b) implements TransactionBackend {
        @Override
        public long readVersion() {
            return b.readVersion();
        }

        @Override
        public void releaseReadVersion(long version) {
            b.releaseReadVersion(version);
        }

        @Override
        public byte[] get(byte[] key, long version) {
            return b.get(key, version);
        }

        @Override
        public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
            return b.getRange(begin, end, limit, reverse, version);
        }

        @Override
        public long commit(CommitRequest request) {
            return b.commit(request);
        }
    }
}
