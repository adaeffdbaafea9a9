package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReadVersionLeasesTest {
    /** Counts read versions held, as the engine's reader registry does. */
    private static final class CountingBackend implements TransactionBackend {
        final AtomicInteger held = new AtomicInteger();

        @Override
        public long readVersion() {
            held.incrementAndGet();
            return 42;
        }

        @Override
        public void releaseReadVersion(long version) {
            held.decrementAndGet();
        }

        @Override
        public byte[] get(byte[] key, long version) {
            throw new AssertionError("not used");
        }

        @Override
        public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
            throw new AssertionError("not used");
        }

        @Override
        public long commit(CommitRequest request) {
            throw new AssertionError("not used");
        }
    }

    @Test
    void everyVersionHandedOutIsHeldForTheWindowThenReleased() throws InterruptedException {
        CountingBackend engine = new CountingBackend();
        try (ReadVersionLeases leases = new ReadVersionLeases(engine, Duration.ofMillis(300))) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(42, leases.acquire());
            }
            assertEquals(1000, engine.held.get(), "held while the window lasts");
            for (int t = 0; t < 100 && engine.held.get() > 0; t++) {
                Thread.sleep(20);
            }
            assertEquals(0, engine.held.get(), "released once the window passed");
            assertEquals(0, leases.size());
        }
    }

    @Test
    void closingReleasesEverything() {
        CountingBackend engine = new CountingBackend();
        ReadVersionLeases leases = new ReadVersionLeases(engine, Duration.ofHours(1));
        leases.acquire();
        leases.acquire();
        leases.close();
        assertEquals(0, engine.held.get());
    }
}
