package io.cairn.commands.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Key distributions and key formatting. */
class KeyChooserTest {
    private static long[] counts(KeyChooser c, int n, int draws) {
        long[] counts = new long[n];
        Random rnd = new Random(42);
        for (int i = 0; i < draws; i++) {
            long k = c.next(rnd);
            assertTrue(k >= 0 && k < n, "index " + k);
            counts[(int) k]++;
        }
        return counts;
    }

    @Test
    void uniformCoversTheSpaceEvenly() {
        long[] c = counts(new KeyChooser(KeyChooser.Distribution.UNIFORM, 10, new AtomicLong(10)), 10, 100_000);
        for (long x : c) {
            assertTrue(x > 9_000 && x < 11_000, java.util.Arrays.toString(c));
        }
    }

    @Test
    void zipfianMakesAFewKeysHot() {
        long[] c = counts(new KeyChooser(KeyChooser.Distribution.ZIPFIAN, 1_000, new AtomicLong(1_000)), 1_000, 100_000);
        long max = java.util.Arrays.stream(c).max().orElseThrow();
        assertTrue(max > 5_000, "the hottest key gets several percent of the draws, not 0.1%: " + max);
        KeyChooser z = new KeyChooser(KeyChooser.Distribution.ZIPFIAN, 1_000, new AtomicLong(1_000));
        assertEquals(0, z.rank(0.0));
        assertEquals(999, z.rank(0.999_999_999));
    }

    @Test
    void latestFavoursTheNewestKeysAndFollowsInserts() {
        AtomicLong inserted = new AtomicLong(1_000);
        KeyChooser c = new KeyChooser(KeyChooser.Distribution.LATEST, 1_000, inserted);
        long[] counts = counts(c, 1_000, 50_000);
        assertTrue(counts[999] > counts[0] * 10, counts[999] + " vs " + counts[0]);
        assertEquals(1_000, c.nextInsert());
        assertEquals(1_001, inserted.get());
        Random rnd = new Random(1);
        boolean sawNew = false;
        for (int i = 0; i < 1_000 && !sawNew; i++) {
            sawNew = c.next(rnd) == 1_000;
        }
        assertTrue(sawNew, "the inserted key is now the most popular");
    }

    @Test
    void keysArePaddedToTheirSizeAndSortByIndex() {
        KeySpace s = new KeySpace("bench/".getBytes(StandardCharsets.US_ASCII), 12);
        assertArrayEquals("bench/000042".getBytes(StandardCharsets.US_ASCII), s.key(42));
        assertArrayEquals("bench/1234567".getBytes(StandardCharsets.US_ASCII), s.key(1_234_567));
        assertTrue(java.util.Arrays.compareUnsigned(s.key(9), s.key(10)) < 0);
        assertTrue(s.fits(1_000_000) && !s.fits(1_000_001));
    }
}
