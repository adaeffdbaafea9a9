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
 * Conformance checks of providers, point reads and writes, key order and range bounds, in both
 * directions; part of the kit that {@link StorageEngineConformanceTest} completes.
 */
public abstract class StorageReadWriteConformance extends StorageKitBase {
    // ---------------------------------------------------------------- provider

    @Test
    void providerIsFoundByNameAndDescribesItself() {
        StorageEngineProvider found = StorageEngines.provider(provider().name());
        assertEquals(provider().getClass(), found.getClass());
        assertFalse(provider().description().isBlank());
        assertTrue(StorageEngines.available().stream().anyMatch(p -> p.name().equals(provider().name())));
    }

    @Test
    void unknownBackendNameListsTheKnownOnes() {
        StorageException e = assertThrows(StorageException.class, () -> StorageEngines.provider("no-such-backend"));
        assertEquals(StorageException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
        assertTrue(e.getMessage().contains(provider().name()), e.getMessage());
    }

    @Test
    void unknownOptionIsInvalidAndNamed() {
        StorageException e = assertThrows(StorageException.class,
                () -> provider().open(tempDir.resolve("other"), Map.of("no.such.option", "1")));
        assertEquals(StorageException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("no.such.option"), e.getMessage());
    }

    // ---------------------------------------------------------------- point reads and writes

    @Test
    void putGetAndDelete() {
        assertNull(engine.get(b("a")));
        put(b("a"), b("1"));
        assertArrayEquals(b("1"), engine.get(b("a")));
        put(b("a"), b("2"));
        assertArrayEquals(b("2"), engine.get(b("a")));
        engine.write(new WriteBatch().delete(b("a")), false);
        assertNull(engine.get(b("a")));
        engine.write(new WriteBatch().delete(b("never-written")), true);
        assertNull(engine.get(b("never-written")));
    }

    @Test
    void emptyKeyAndEmptyValueAreOrdinaryEntries() {
        put(new byte[0], new byte[0]);
        put(b("k"), new byte[0]);
        byte[] v = engine.get(new byte[0]);
        assertNotNull(v, "empty value must read back as present");
        assertEquals(0, v.length);
        assertEquals(0, engine.get(b("k")).length);
        List<StorageEntry> all = scan(engine, new byte[0], null, false);
        assertEquals(List.of("", hex(b("k"))), keys(all));
        assertEquals(List.of(hex(b("k")), ""), keys(scan(engine, new byte[0], null, true)));
        engine.write(new WriteBatch().delete(new byte[0]), false);
        assertNull(engine.get(new byte[0]));
    }

    @Test
    void megabyteValuesRoundTrip() {
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        byte[] big2 = big.clone();
        big2[big2.length - 1] ^= 1;
        engine.write(new WriteBatch().put(b("big"), big).put(b("big2"), big2), true);
        assertArrayEquals(big, engine.get(b("big")));
        List<StorageEntry> all = scan(engine, new byte[0], null, true);
        assertEquals(2, all.size());
        assertArrayEquals(big2, all.get(0).value());
        if (durable()) {
            reopen();
            assertArrayEquals(big, engine.get(b("big")));
            assertArrayEquals(big2, engine.get(b("big2")));
        }
    }

    @Test
    void writtenArraysAreCopiedNotShared() {
        byte[] key = b("key");
        byte[] value = b("value");
        put(key, value);
        key[0] = 'x';
        value[0] = 'x';
        assertArrayEquals(b("value"), engine.get(b("key")));
        assertNull(engine.get(b("xey")));
    }

    @Test
    void nullArgumentsAreInvalid() {
        assertEquals(StorageException.Kind.INVALID, assertThrows(StorageException.class, () -> engine.get(null)).kind());
        assertEquals(StorageException.Kind.INVALID,
                assertThrows(StorageException.class, () -> engine.iterator(null, null, false)).kind());
        assertEquals(StorageException.Kind.INVALID,
                assertThrows(StorageException.class, () -> engine.write(null, false)).kind());
        assertEquals(StorageException.Kind.INVALID, assertThrows(StorageException.class,
                () -> engine.write(new WriteBatch().put(b("a"), b("1")).put(null, b("1")), false)).kind());
        assertEquals(StorageException.Kind.INVALID, assertThrows(StorageException.class,
                () -> engine.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), null), false)).kind());
        assertNull(engine.get(b("a")), "a rejected batch must leave nothing behind");
    }

    // ---------------------------------------------------------------- ordering and ranges

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        List<byte[]> ks = List.of(bytes(0xFF), bytes(0x00), bytes(0x7F), bytes(0x80), bytes(0xFF, 0x00),
                bytes(0x00, 0x00), bytes(0x01), bytes(0xFE, 0xFF, 0xFF), bytes(0x80, 0x00), bytes());
        TreeMap<byte[], byte[]> model = newModel();
        WriteBatch batch = new WriteBatch();
        for (byte[] k : ks) {
            batch.put(k, k);
            model.put(k, k);
        }
        engine.write(batch, false);
        List<String> forward = keys(scan(engine, new byte[0], null, false));
        assertEquals(List.of("", "00", "0000", "01", "7f", "80", "8000", "feffff", "ff", "ff00"), forward);
        assertScanMatchesModel(engine, model, new byte[0], null);
        assertScanMatchesModel(engine, model, bytes(0x7F), bytes(0xFF));
        assertScanMatchesModel(engine, model, bytes(0x80), bytes(0xFF, 0x00));
        assertScanMatchesModel(engine, model, bytes(0x00), bytes(0x00, 0x00));
    }

    @Test
    void rangeBeginIsInclusiveAndEndExclusive() {
        for (String k : List.of("a", "a\0", "ab", "b", "ba", "c")) {
            put(b(k), b(k));
        }
        assertEquals(List.of("a", "a\0", "ab"), strings(scan(engine, b("a"), b("b"), false)));
        assertEquals(List.of("ab", "a\0", "a"), strings(scan(engine, b("a"), b("b"), true)));
        assertEquals(List.of("a\0", "ab", "b"), strings(scan(engine, b("a\0"), b("b\0"), false)));
        assertEquals(List.of("b", "ab", "a\0"), strings(scan(engine, b("a\0"), b("b\0"), true)));
        assertEquals(List.of("ba", "c"), strings(scan(engine, b("b\0"), null, false)));
        assertEquals(List.of("c", "ba"), strings(scan(engine, b("b\0"), null, true)));
        assertEquals(List.of(), strings(scan(engine, b("b"), b("b"), false)));
        assertEquals(List.of(), strings(scan(engine, b("b"), b("b"), true)));
        assertEquals(List.of(), strings(scan(engine, b("c"), b("a"), false)));
        assertEquals(List.of(), strings(scan(engine, b("c"), b("a"), true)));
        assertEquals(List.of(), strings(scan(engine, b("d"), null, true)));
        assertEquals(List.of(), strings(scan(engine, b("0"), b("a"), true)));
    }

    protected static List<String> strings(List<StorageEntry> entries) {
        List<String> out = new ArrayList<>();
        for (StorageEntry e : entries) {
            out.add(new String(e.key(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void exhaustedIteratorThrowsNoSuchElement() {
        put(b("a"), b("1"));
        try (StorageIterator it = engine.iterator(b("a"), null, false)) {
            assertTrue(it.hasNext());
            it.next();
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void randomOperationsMatchASortedMapModel() {
        Random rnd = new Random(42);
        TreeMap<byte[], byte[]> model = newModel();
        for (int round = 0; round < 300; round++) {
            WriteBatch batch = new WriteBatch();
            int ops = 1 + rnd.nextInt(8);
            for (int i = 0; i < ops; i++) {
                byte[] k = randomKey(rnd);
                int what = rnd.nextInt(10);
                if (what < 6) {
                    byte[] v = new byte[rnd.nextInt(20)];
                    rnd.nextBytes(v);
                    batch.put(k, v);
                    model.put(k, v);
                } else if (what < 9) {
                    batch.delete(k);
                    model.remove(k);
                } else {
                    byte[] end = randomKey(rnd);
                    batch.deleteRange(k, end);
                    if (Arrays.compareUnsigned(k, end) < 0) {
                        model.subMap(k, end).clear();
                    }
                }
            }
            engine.write(batch, rnd.nextBoolean());
            if (round % 30 == 0) {
                assertScanMatchesModel(engine, model, new byte[0], null);
                assertScanMatchesModel(engine, model, randomKey(rnd), randomKey(rnd));
                assertScanMatchesModel(engine, model, randomKey(rnd), null);
            }
        }
        for (int i = 0; i < 200; i++) {
            byte[] k = randomKey(rnd);
            assertArrayEquals(model.get(k), engine.get(k), "get " + hex(k));
        }
        assertScanMatchesModel(engine, model, new byte[0], null);
        if (durable()) {
            reopen();
            assertScanMatchesModel(engine, model, new byte[0], null);
            assertScanMatchesModel(engine, model, randomKey(rnd), randomKey(rnd));
        }
    }

    /** Short keys from a small alphabet with 0x00 and 0xFF, so that ranges and prefixes collide often. */
    protected static byte[] randomKey(Random rnd) {
        int[] alphabet = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
        byte[] k = new byte[rnd.nextInt(4)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) alphabet[rnd.nextInt(alphabet.length)];
        }
        return k;
    }

    /**
     * Large ranges in several key shapes (dense counters, random 16-byte keys, long shared
     * prefixes, runs of trailing zeros, a far-away cluster) scan the same backward as forward.
     */
    @Test
    void reverseScansOfLargeRangesMatchForwardScans() {
        Random rnd = new Random(11);
        TreeMap<byte[], byte[]> model = newModel();
        WriteBatch batch = new WriteBatch();
        java.util.function.BiConsumer<byte[], byte[]> add = (k, v) -> {
            batch.put(k, v);
            model.put(k, v);
        };
        for (int i = 0; i < 3000; i++) {
            add.accept(b(String.format("n/%08d", i)), b("n" + i));
        }
        for (int i = 0; i < 1500; i++) {
            byte[] k = new byte[16];
            rnd.nextBytes(k);
            k[0] = 'r';
            add.accept(k, b("r" + i));
        }
        for (int i = 0; i < 500; i++) {
            add.accept(b("p/" + "x".repeat(200) + i), b("p" + i));
        }
        for (int i = 0; i < 100; i++) {
            add.accept(Arrays.copyOf(b("z"), 1 + i), b("z" + i));
        }
        for (int i = 0; i < 100; i++) {
            add.accept(bytes(0x01, 0x02, i), b("c" + i));
        }
        engine.write(batch, false);
        assertScanMatchesModel(engine, model, new byte[0], null);
        assertScanMatchesModel(engine, model, b("n/"), b("n0"));
        assertScanMatchesModel(engine, model, b("n/00001234"), b("n/00002000"));
        assertScanMatchesModel(engine, model, b("r"), b("s"));
        assertScanMatchesModel(engine, model, b("p/"), b("p0"));
        assertScanMatchesModel(engine, model, b("z"), null);
        assertScanMatchesModel(engine, model, new byte[0], b("n"));
        assertScanMatchesModel(engine, model, bytes(0x01, 0x02, 50), bytes(0x01, 0x02, 50, 0));
        for (int i = 0; i < 20; i++) {
            byte[] from = new byte[1 + rnd.nextInt(3)];
            byte[] to = new byte[1 + rnd.nextInt(3)];
            rnd.nextBytes(from);
            rnd.nextBytes(to);
            assertScanMatchesModel(engine, model, from, rnd.nextInt(4) == 0 ? null : to);
        }
        try (StorageSnapshot snap = engine.snapshot()) {
            engine.write(new WriteBatch().deleteRange(new byte[0], bytes(0xFF)), false);
            engine.compact(new byte[0], null);
            assertScanMatchesModel(snap, model, new byte[0], null);
        }
        assertEquals(List.of(), scan(engine, new byte[0], null, true));
    }

}
