package io.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
/**
 * The conformance kit every {@link StorageEngine} must pass: ordering, boundaries, batches,
 * snapshots, concurrency, durability and errors.
 *
 * <p>A backend runs it with a subclass that names its provider and says whether it is durable:
 * <pre>{@code
 * class LevelDbConformanceTest extends StorageEngineConformanceTest {
 *     protected StorageEngineProvider provider() { return new LevelDbStorageProvider(); }
 *     protected boolean durable() { return true; }
 * }
 * }</pre>
 * Durability and directory checks run only for durable backends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class StorageEngineConformanceTest extends StorageReadWriteConformance {
    // ---------------------------------------------------------------- batches

    @Test
    void laterOperationsInABatchWin() {
        put(b("x2"), b("old"));
        engine.write(new WriteBatch()
                .put(b("x1"), b("a")).delete(b("x1"))
                .delete(b("x2")).put(b("x2"), b("b"))
                .put(b("x3"), b("c")).deleteRange(b("x3"), b("x4"))
                .deleteRange(b("x5"), b("x6")).put(b("x5"), b("d"))
                .put(b("x7"), b("e")).put(b("x7"), b("f")), false);
        assertNull(engine.get(b("x1")));
        assertArrayEquals(b("b"), engine.get(b("x2")));
        assertNull(engine.get(b("x3")));
        assertArrayEquals(b("d"), engine.get(b("x5")));
        assertArrayEquals(b("f"), engine.get(b("x7")));
        assertEquals(List.of("x2", "x5", "x7"), strings(scan(engine, b("x"), b("y"), false)));
        assertEquals(List.of("x7", "x5", "x2"), strings(scan(engine, b("x"), b("y"), true)));
    }

    @Test
    void deleteRangeRemovesExactlyItsRange() {
        for (String k : List.of("a", "b", "b\0", "bb", "c", "c\0", "d")) {
            put(b(k), b(k));
        }
        engine.write(new WriteBatch().deleteRange(b("b"), b("c")), false);
        assertEquals(List.of("a", "c", "c\0", "d"), strings(scan(engine, new byte[0], null, false)));
        engine.write(new WriteBatch().deleteRange(b("c\0"), b("c\0")).deleteRange(b("d"), b("a")), false);
        assertEquals(List.of("a", "c", "c\0", "d"), strings(scan(engine, new byte[0], null, false)));
        engine.write(new WriteBatch().deleteRange(new byte[0], bytes(0xFF)), false);
        assertEquals(List.of(), strings(scan(engine, new byte[0], null, false)));
    }

    /**
     * Each batch replaces a generation of keys: a range delete of the old ones and puts of the new
     * ones. A reader must always see exactly one whole generation.
     */
    @Test
    void readersNeverSeeHalfABatch() throws Exception {
        int keysPerGeneration = 20;
        engine.write(generation(0, keysPerGeneration), false);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> writer = pool.submit(() -> {
                int g = 1;
                for (; g <= 200; g++) {
                    engine.write(generation(g, keysPerGeneration), false);
                }
                stop.set(true);
                return g;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                boolean reverse = r == 1;
                readers.add(pool.submit(() -> {
                    int checks = 0;
                    while (!stop.get() || checks == 0) {
                        List<StorageEntry> seen = scan(engine, b("gen/"), b("gen0"), reverse);
                        assertWholeGeneration(seen, keysPerGeneration);
                        try (StorageSnapshot snap = engine.snapshot()) {
                            byte[] first = snap.get(b("gen/000"));
                            byte[] last = snap.get(b("gen/003"));
                            assertArrayEquals(first, last, "snapshot saw two generations");
                            assertWholeGeneration(scan(snap, b("gen/"), b("gen0"), !reverse), keysPerGeneration);
                        }
                        checks++;
                    }
                    return checks;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> r : readers) {
                assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static WriteBatch generation(int g, int n) {
        WriteBatch batch = new WriteBatch().deleteRange(b("gen/"), b("gen0"));
        for (int i = 0; i < n; i++) {
            // Odd generations skip every third key, so that a mix of two generations changes the key set too.
            if (g % 2 == 1 && i % 3 == 1) {
                continue;
            }
            batch.put(b(String.format("gen/%03d", i)), b("g" + g));
        }
        return batch;
    }

    private static void assertWholeGeneration(List<StorageEntry> seen, int n) {
        assertFalse(seen.isEmpty(), "a generation is never empty");
        String g = new String(seen.get(0).value(), StandardCharsets.UTF_8);
        int gen = Integer.parseInt(g.substring(1));
        int expected = gen % 2 == 1 ? n - (n + 1) / 3 : n;
        assertEquals(expected, seen.size(), "generation " + g + " has the wrong number of keys");
        for (StorageEntry e : seen) {
            assertEquals(g, new String(e.value(), StandardCharsets.UTF_8), "mixed generations");
        }
    }

    /**
     * Balances move between accounts in batches that keep the total constant; readers sum every
     * account through iterators, snapshots and point reads while the writer runs.
     */
    @Test
    void concurrentReadersSeeConsistentStatesDuringWrites() throws Exception {
        int accounts = 50;
        long total = accounts * 100L;
        WriteBatch init = new WriteBatch();
        for (int i = 0; i < accounts; i++) {
            init.put(account(i), encode(100));
        }
        engine.write(init, false);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                Random rnd = new Random(7);
                long[] balances = new long[accounts];
                Arrays.fill(balances, 100);
                for (int t = 0; t < 3000; t++) {
                    int from = rnd.nextInt(accounts);
                    int to = rnd.nextInt(accounts);
                    long amount = rnd.nextInt(10);
                    balances[from] -= amount;
                    balances[to] += amount;
                    engine.write(new WriteBatch().put(account(from), encode(balances[from]))
                            .put(account(to), encode(balances[to])), false);
                }
                stop.set(true);
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int mode = r;
                readers.add(pool.submit(() -> {
                    int checks = 0;
                    while (!stop.get() || checks == 0) {
                        long sum = 0;
                        if (mode == 2) {
                            try (StorageSnapshot snap = engine.snapshot()) {
                                for (int i = 0; i < accounts; i++) {
                                    sum += decode(snap.get(account(i)));
                                }
                            }
                        } else {
                            List<StorageEntry> all = scan(engine, b("acct/"), b("acct0"), mode == 1);
                            assertEquals(accounts, all.size());
                            for (StorageEntry e : all) {
                                sum += decode(e.value());
                            }
                        }
                        assertEquals(total, sum, "a reader saw money appear or vanish");
                        checks++;
                    }
                    return checks;
                }));
            }
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> r : readers) {
                assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static byte[] account(int i) {
        return b(String.format("acct/%04d", i));
    }

    private static byte[] encode(long v) {
        return b(Long.toString(v));
    }

    private static long decode(byte[] v) {
        return Long.parseLong(new String(v, StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- snapshots and iterators

    @Test
    void snapshotIsStableWhileWritesContinue() {
        TreeMap<byte[], byte[]> before = newModel();
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 100; i++) {
            byte[] k = b(String.format("k%03d", i));
            batch.put(k, b("v" + i));
            before.put(k, b("v" + i));
        }
        engine.write(batch, false);
        try (StorageSnapshot snap = engine.snapshot()) {
            for (int round = 0; round < 20; round++) {
                engine.write(new WriteBatch()
                        .put(b(String.format("k%03d", round)), b("changed"))
                        .delete(b(String.format("k%03d", 99 - round)))
                        .put(b(String.format("k%03d.new", round)), b("new"))
                        .deleteRange(b("k05"), b("k06")), round % 2 == 0);
                engine.compact(new byte[0], null);
            }
            assertArrayEquals(b("v0"), snap.get(b("k000")));
            assertArrayEquals(b("v99"), snap.get(b("k099")));
            assertNull(snap.get(b("k000.new")));
            assertScanMatchesModel(snap, before, new byte[0], null);
            assertScanMatchesModel(snap, before, b("k040"), b("k070"));
            assertArrayEquals(b("changed"), engine.get(b("k000")));
            assertNull(engine.get(b("k055")));
        }
        assertArrayEquals(b("changed"), engine.get(b("k000")));
    }

    @Test
    void iteratorSeesTheDataAsOfItsCreation() {
        TreeMap<byte[], byte[]> before = newModel();
        for (int i = 0; i < 50; i += 2) {
            byte[] k = b(String.format("k%03d", i));
            put(k, k);
            before.put(k, k);
        }
        for (boolean reverse : new boolean[] {false, true}) {
            List<String> expected = modelKeys(before, new byte[0], null, reverse);
            List<String> got = new ArrayList<>();
            try (StorageIterator it = engine.iterator(new byte[0], null, reverse)) {
                got.add(hex(it.next().key()));
                for (int i = 0; i < 50; i++) {
                    byte[] k = b(String.format("k%03d", i));
                    // Insert the odd keys, delete and overwrite the even ones, ahead of and behind the iterator.
                    engine.write(i % 2 == 1 ? new WriteBatch().put(k, b("new"))
                            : i % 4 == 0 ? new WriteBatch().delete(k) : new WriteBatch().put(k, b("new")), false);
                }
                engine.write(new WriteBatch().deleteRange(b("k010"), b("k030")), false);
                while (it.hasNext()) {
                    StorageEntry e = it.next();
                    got.add(hex(e.key()));
                    assertArrayEquals(e.key(), e.value(), "iterator saw a later value");
                }
            }
            assertEquals(expected, got);
            // Restore the starting state for the other direction.
            engine.write(new WriteBatch().deleteRange(new byte[0], bytes(0xFF)), false);
            before.forEach(this::put);
        }
    }

    @Test
    void snapshotIteratorsAndReadsAfterManyVersions() {
        // Many versions of few keys, with snapshots taken between them, exercise version reclamation.
        List<StorageSnapshot> snaps = new ArrayList<>();
        try {
            for (int v = 0; v < 30; v++) {
                engine.write(new WriteBatch().put(b("a"), b("a" + v)).put(b("b"), b("b" + v)), false);
                if (v % 10 == 0) {
                    snaps.add(engine.snapshot());
                }
                if (v % 7 == 0) {
                    engine.write(new WriteBatch().delete(b("b")), false);
                }
            }
            for (int i = 0; i < snaps.size(); i++) {
                int v = i * 10;
                assertArrayEquals(b("a" + v), snaps.get(i).get(b("a")));
                assertEquals(List.of("a", "b"), strings(scan(snaps.get(i), new byte[0], null, false)));
                assertEquals(List.of("b", "a"), strings(scan(snaps.get(i), new byte[0], null, true)));
            }
            snaps.remove(0).close();
            engine.write(new WriteBatch().put(b("a"), b("last")), false);
            assertArrayEquals(b("a10"), snaps.get(0).get(b("a")));
            assertArrayEquals(b("a20"), snaps.get(1).get(b("a")));
        } finally {
            snaps.forEach(StorageSnapshot::close);
        }
        assertArrayEquals(b("last"), engine.get(b("a")));
        assertArrayEquals(b("b29"), engine.get(b("b")));
    }

    // ---------------------------------------------------------------- size and compaction

    @Test
    void approximateSizeReflectsStoredBytes() {
        Random rnd = new Random(3);
        int n = 2000;
        int valueSize = 1000;
        for (int i = 0; i < n; i += 100) {
            WriteBatch batch = new WriteBatch();
            for (int j = i; j < i + 100; j++) {
                byte[] v = new byte[valueSize];
                rnd.nextBytes(v);
                batch.put(b(String.format("s%05d", j)), v);
            }
            engine.write(batch, false);
        }
        engine.compact(new byte[0], null);
        long written = (long) n * valueSize;
        long all = engine.approximateSize(b("s"), b("t"));
        assertTrue(all >= written / 2 && all <= written * 2, "size of everything was " + all);
        long half = engine.approximateSize(b("s"), b("s01000"));
        assertTrue(half < all, "half the keys " + half + " vs all " + all);
        assertTrue(engine.approximateSize(b("t"), null) < written / 10, "an empty range should be small");
        assertEquals(n, scan(engine, b("s"), b("t"), false).size(), "compaction must keep every key");
    }

    // ---------------------------------------------------------------- durability

    @Test
    void reopenKeepsEverySyncedBatchAndRangeDelete() {
        assumeTrue(durable(), "durable backends only");
        for (int i = 0; i < 100; i++) {
            engine.write(new WriteBatch().put(b(String.format("d%03d", i)), b("v" + i)), true);
        }
        engine.write(new WriteBatch().deleteRange(b("d010"), b("d020")).put(b("d015"), b("kept")), true);
        reopen();
        List<StorageEntry> all = scan(engine, new byte[0], null, false);
        assertEquals(91, all.size());
        assertArrayEquals(b("kept"), engine.get(b("d015")));
        assertNull(engine.get(b("d010")));
        assertArrayEquals(b("v99"), engine.get(b("d099")));
        reopen();
        assertEquals(91, scan(engine, new byte[0], null, true).size());
    }

    @Test
    void destroyRemovesTheData() {
        assumeTrue(durable(), "durable backends only");
        put(b("a"), b("1"));
        engine.close();
        provider().destroy(dbDir);
        engine = provider().open(dbDir, options());
        assertNull(engine.get(b("a")));
    }

    @Test
    void dataDirectoryThatIsAFileIsRejectedAndLeftAlone() throws Exception {
        assumeTrue(durable(), "durable backends only");
        Path file = Files.writeString(tempDir.resolve("plain-file"), "not a database");
        StorageException e = assertThrows(StorageException.class, () -> provider().open(file, options()));
        assertEquals(StorageException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("not a database", Files.readString(file));
    }

    @Test
    void secondOpenOfTheSameDirectoryIsLocked() {
        assumeTrue(durable(), "durable backends only");
        put(b("a"), b("1"));
        StorageException e = assertThrows(StorageException.class, () -> provider().open(dbDir, options()));
        assertEquals(StorageException.Kind.LOCKED, e.kind());
        assertTrue(e.getMessage().contains(dbDir.toString()), e.getMessage());
        assertArrayEquals(b("1"), engine.get(b("a")), "the failed open must not disturb the open engine");
        reopen();
        assertArrayEquals(b("1"), engine.get(b("a")));
    }

    // ---------------------------------------------------------------- close

    @Test
    void closingWithOpenIteratorsAndSnapshotsReleasesThem() {
        for (int i = 0; i < 10; i++) {
            put(b("k" + i), b("v" + i));
        }
        StorageIterator forward = engine.iterator(new byte[0], null, false);
        StorageIterator reverse = engine.iterator(new byte[0], null, true);
        forward.next();
        reverse.next();
        StorageSnapshot snap = engine.snapshot();
        StorageIterator fromSnap = snap.iterator(new byte[0], null, false);
        assertDoesNotThrow(engine::close);
        for (StorageIterator it : List.of(forward, reverse, fromSnap)) {
            StorageException e = assertThrows(StorageException.class, it::hasNext);
            assertEquals(StorageException.Kind.CLOSED, e.kind());
            assertDoesNotThrow(it::close);
        }
        assertEquals(StorageException.Kind.CLOSED, assertThrows(StorageException.class, () -> snap.get(b("k1"))).kind());
        assertDoesNotThrow(snap::close);
        if (durable()) {
            engine = provider().open(dbDir, options());
            assertArrayEquals(b("v3"), engine.get(b("k3")));
        } else {
            engine = null;
        }
    }

    @Test
    void useAfterCloseFailsWithClosed() {
        put(b("a"), b("1"));
        StorageSnapshot snap = engine.snapshot();
        snap.close();
        assertEquals(StorageException.Kind.CLOSED, assertThrows(StorageException.class, () -> snap.get(b("a"))).kind());
        engine.close();
        assertDoesNotThrow(engine::close, "close is idempotent");
        List<Runnable> calls = List.of(
                () -> engine.get(b("a")),
                () -> engine.iterator(new byte[0], null, false),
                () -> engine.write(new WriteBatch().put(b("b"), b("2")), true),
                () -> engine.snapshot(),
                () -> engine.approximateSize(new byte[0], null),
                () -> engine.compact(new byte[0], null));
        for (Runnable call : calls) {
            StorageException e = assertThrows(StorageException.class, call::run);
            assertSame(StorageException.Kind.CLOSED, e.kind());
            assertFalse(e.getMessage().isBlank());
        }
        engine = null;
    }
}
