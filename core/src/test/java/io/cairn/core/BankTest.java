package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen threads move money between 100 accounts while readers sum every account: serializable
 * transactions keep every sum equal to the total, and the final balances equal the opening ones
 * plus the transfers that committed.
 */
@Timeout(120)
class BankTest {
    private static final int ACCOUNTS = 100;
    private static final long OPENING = 1_000;
    private static final int TRANSFER_THREADS = 16;
    private static final int READER_THREADS = 2;
    private static final long RUN_MILLIS = 3_000;

    @TempDir
    Path dir;

    private static byte[] account(int i) {
        return String.format("acct/%03d", i).getBytes();
    }

    private static byte[] amount(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long amount(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }

    private record Transfer(int from, int to, long amount) {}

    @Test
    void concurrentTransfersNeverCreateOrLoseMoney() throws Exception {
        // A small window and memory budget push versions out during the run, so checkpoints,
        // trims and too-old retries all happen under load.
        DatabaseConfig config = DatabaseConfig.builder(dir).backend("memory").mvccWindow(Duration.ofMillis(200))
                .mvccMemoryBytes(1 << 20).build();
        try (EmbeddedDatabase db = EmbeddedDatabase.open(config)) {
            db.run(tx -> {
                for (int i = 0; i < ACCOUNTS; i++) {
                    tx.set(account(i), amount(OPENING));
                }
                return null;
            });
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sums = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(TRANSFER_THREADS + READER_THREADS);
            List<Future<List<Transfer>>> transfers = new ArrayList<>();
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < TRANSFER_THREADS; t++) {
                transfers.add(pool.submit(() -> {
                    List<Transfer> done = new ArrayList<>();
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        int from = rnd.nextInt(ACCOUNTS);
                        int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        long want = 1 + rnd.nextInt(50);
                        long moved = db.run(tx -> {
                            long a = amount(tx.get(account(from)));
                            long b = amount(tx.get(account(to)));
                            long m = Math.min(a, want);
                            tx.set(account(from), amount(a - m));
                            tx.set(account(to), amount(b + m));
                            return m;
                        });
                        done.add(new Transfer(from, to, moved));
                    }
                    return done;
                }));
            }
            for (int r = 0; r < READER_THREADS; r++) {
                readers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long sum = db.read(tx -> {
                            long s = 0;
                            for (KeyValue kv : tx.snapshot().getRange(Range.startsWith("acct/".getBytes()))) {
                                assertTrue(amount(kv.value()) >= 0, "negative balance");
                                s += amount(kv.value());
                            }
                            return s;
                        });
                        assertEquals(ACCOUNTS * OPENING, sum, "sum of all accounts at one snapshot");
                        sums.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(RUN_MILLIS);
            stop.set(true);
            long[] expected = new long[ACCOUNTS];
            java.util.Arrays.fill(expected, OPENING);
            long committed = 0;
            for (Future<List<Transfer>> f : transfers) {
                for (Transfer t : f.get()) {
                    expected[t.from] -= t.amount;
                    expected[t.to] += t.amount;
                    committed++;
                }
            }
            for (Future<?> f : readers) {
                f.get();
            }
            pool.shutdown();
            assertTrue(committed > 100, "too few transfers committed: " + committed);
            assertTrue(sums.get() > 10, "too few sums read: " + sums.get());
            long[] actual = db.read(tx -> {
                long[] a = new long[ACCOUNTS];
                for (int i = 0; i < ACCOUNTS; i++) {
                    a[i] = amount(tx.get(account(i)));
                }
                return a;
            });
            for (int i = 0; i < ACCOUNTS; i++) {
                assertEquals(expected[i], actual[i], "balance of account " + i);
            }
        }
    }
}
