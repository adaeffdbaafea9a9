package io.cairn.storage.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key arithmetic that places reverse-scan windows. */
class ReverseScannerTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void fractionsKeepKeyOrderAndTellTrailingZerosApart() {
        Random rnd = new Random(5);
        int[] alphabet = {0x00, 0x01, 0x7F, 0xFE, 0xFF};
        for (int i = 0; i < 10_000; i++) {
            byte[] a = randomKey(rnd, alphabet);
            byte[] b = randomKey(rnd, alphabet);
            int p = Math.max(a.length, b.length) + 1;
            assertEquals(Integer.signum(Arrays.compareUnsigned(a, b)),
                    ReverseScanner.fraction(a, p).compareTo(ReverseScanner.fraction(b, p)),
                    HexFormat.of().formatHex(a) + " vs " + HexFormat.of().formatHex(b));
            assertArrayEquals(a, ReverseScanner.toKey(ReverseScanner.fraction(a, p), p));
        }
        assertTrue(ReverseScanner.fraction(hex("61"), 3).compareTo(ReverseScanner.fraction(hex("6100"), 3)) < 0);
        assertEquals(BigInteger.valueOf(257 * 257), ReverseScanner.fraction(null, 2), "no bound is 1.0");
    }

    @Test
    void toKeyGivesTheLargestKeyAtOrBelowAFraction() {
        Random rnd = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            int p = 1 + rnd.nextInt(4);
            BigInteger v = new BigInteger(40, rnd).mod(BigInteger.valueOf(257).pow(p));
            byte[] k = ReverseScanner.toKey(v, p);
            assertTrue(k.length <= p);
            assertTrue(ReverseScanner.fraction(k, p).compareTo(v) <= 0);
            // The smallest key above k, k + 0x00, lies above v.
            byte[] next = Arrays.copyOf(k, k.length + 1);
            if (next.length <= p) {
                assertTrue(ReverseScanner.fraction(next, p).compareTo(v) > 0);
            }
        }
        assertArrayEquals(new byte[0], ReverseScanner.toKey(BigInteger.ZERO, 3));
    }

    private static byte[] randomKey(Random rnd, int[] alphabet) {
        byte[] k = new byte[rnd.nextInt(5)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) alphabet[rnd.nextInt(alphabet.length)];
        }
        return k;
    }
}
