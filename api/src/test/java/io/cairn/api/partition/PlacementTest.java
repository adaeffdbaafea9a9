package io.cairn.api.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.tuple.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final byte[] PREFIX = "ks/orders/".getBytes(StandardCharsets.UTF_8);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSortedAndInside(List<byte[]> bounds) {
        for (int i = 1; i < bounds.size(); i++) {
            assertTrue(Bytes.compare(bounds.get(i - 1), bounds.get(i)) < 0, "boundaries in order, without repeats");
        }
        assertArrayEquals(PREFIX, bounds.get(0));
        assertArrayEquals(Bytes.strinc(PREFIX), bounds.get(bounds.size() - 1));
    }

    /** The boundary that begins the partition holding {@code stored}: the greatest one not after it. */
    static byte[] cutBefore(List<byte[]> bounds, byte[] stored) {
        byte[] cut = null;
        for (byte[] b : bounds) {
            if (Bytes.compare(b, stored) <= 0) {
                cut = b;
            }
        }
        assertTrue(cut != null && Bytes.compare(stored, bounds.get(bounds.size() - 1)) < 0, "the key is inside the keyspace");
        return cut;
    }

    @Test
    void rangeKeysKeepTheirOrderUnderThePrefix() {
        Placement p = new Placement.Range();
        assertArrayEquals(b("ks/orders/k1"), p.storedKey(PREFIX, b("k1")));
        assertArrayEquals(b("k1"), p.userKey(PREFIX, p.storedKey(PREFIX, b("k1"))));
        assertSortedAndInside(p.boundaries(PREFIX));
    }

    @Test
    void hashBucketsSpreadKeysEvenlyAndEachBucketHasItsOwnPartition() {
        Placement.Hash p = new Placement.Hash(8);
        int[] counts = new int[8];
        for (int i = 0; i < 8000; i++) {
            byte[] key = b("order-" + i);
            byte[] stored = p.storedKey(PREFIX, key);
            assertArrayEquals(key, p.userKey(PREFIX, stored));
            counts[p.bucket(key)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "buckets hold about 1000 keys each: " + java.util.Arrays.toString(counts));
        }
        List<byte[]> bounds = p.boundaries(PREFIX);
        assertEquals(9, bounds.size());
        assertSortedAndInside(bounds);
        for (int i = 0; i < 100; i++) {
            byte[] key = b("order-" + i);
            assertArrayEquals(bounds.get(p.bucket(key)), cutBefore(bounds, p.storedKey(PREFIX, key)),
                    "the key lands in its bucket's partition");
        }
    }

    @Test
    void listValuesHaveTheirOwnRangesAndOtherValuesFallBetween() {
        Placement.ListOf p = new Placement.ListOf(List.of(List.of("eu", "uk"), List.of("us")));
        assertEquals(0, p.group(Tuple.of("eu", 17L).pack()));
        assertEquals(0, p.group(Tuple.of("uk").pack()));
        assertEquals(1, p.group(Tuple.of("us", "x").pack()));
        assertEquals(-1, p.group(Tuple.of("br", 1L).pack()), "a value not listed goes to the default partitions");
        assertEquals(-1, p.group(Tuple.empty().pack()));
        List<byte[]> bounds = p.boundaries(PREFIX);
        assertSortedAndInside(bounds);
        byte[] eu = cutBefore(bounds, p.storedKey(PREFIX, Tuple.of("eu", 1L).pack()));
        assertArrayEquals(eu, cutBefore(bounds, p.storedKey(PREFIX, Tuple.of("eu", "zzz", 9L).pack())));
        assertTrue(!java.util.Arrays.equals(eu, cutBefore(bounds, p.storedKey(PREFIX, Tuple.of("fr").pack()))),
                "other values are not in eu's partition");
        assertTrue(!java.util.Arrays.equals(eu, cutBefore(bounds, p.storedKey(PREFIX, Tuple.of("us").pack()))));
    }

    @Test
    void badSchemesAndForeignKeysAreRefused() {
        for (int n : new int[] {0, -1, Placement.Hash.MAX_BUCKETS + 1}) {
            CairnException e = assertThrows(CairnException.class, () -> new Placement.Hash(n));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        }
        assertThrows(CairnException.class, () -> new Placement.ListOf(List.of(List.of("a"), List.of("b", "a"))));
        assertThrows(CairnException.class, () -> new Placement.ListOf(List.of(List.of())));
        assertThrows(CairnException.class, () -> new Placement.Range().userKey(PREFIX, b("other/k")));
        assertThrows(CairnException.class, () -> new Placement.Hash(4).userKey(PREFIX, PREFIX));
    }
}
