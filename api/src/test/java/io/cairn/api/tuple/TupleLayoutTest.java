package io.cairn.api.tuple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.Range;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Exact byte layouts of each element type, the documented contract of the encoding. */
class TupleLayoutTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static void assertPacks(String hex, Object... elements) {
        Tuple t = Tuple.of(elements);
        assertEquals(hex, HEX.formatHex(t.pack()), t.toString());
        assertEquals(t, Tuple.fromBytes(HEX.parseHex(hex)));
    }

    @Test
    void emptyTuplePacksToTheEmptyKey() {
        assertPacks("");
        assertEquals(Range.ALL, Tuple.empty().prefixRange());
    }

    @Test
    void nullIsOneZeroByteAtTopLevel() {
        assertPacks("00", (Object) null);
        assertPacks("00 00", null, null);
    }

    @Test
    void byteStringsEscapeZeroBytes() {
        assertPacks("01 66 6f 6f 00 ff 62 61 72 00", (Object) new byte[] {'f', 'o', 'o', 0, 'b', 'a', 'r'});
        assertPacks("01 00", (Object) new byte[0]);
        assertPacks("01 00 ff 00 ff 00", (Object) new byte[] {0, 0});
    }

    @Test
    void stringsAreEscapedUtf8() {
        assertPacks("02 46 c3 94 4f 00 ff 62 61 72 00", "F\u00d4O\u0000bar");
        assertPacks("02 00", "");
        assertPacks("02 f0 9f 98 80 00", "\uD83D\uDE00");
    }

    @Test
    void nestedTuplesEscapeNullAndEndWithZero() {
        assertPacks("05 01 66 6f 6f 00 ff 62 61 72 00 00 ff 05 00 00",
                Tuple.of(new byte[] {'f', 'o', 'o', 0, 'b', 'a', 'r'}, null, Tuple.empty()));
        assertPacks("05 00 15 01", Tuple.empty(), 1);
        assertPacks("05 05 00 ff 00 00", Tuple.of(Tuple.of((Object) null)));
    }

    @Test
    void integersUseTheFewestMagnitudeBytes() {
        assertPacks("14", 0);
        assertPacks("15 01", 1);
        assertPacks("13 fe", -1);
        assertPacks("15 ff", 255);
        assertPacks("16 01 00", 256);
        assertPacks("13 00", -255);
        assertPacks("12 fe ff", -256);
        assertPacks("11 ab 4b 93", -5551212);
        assertPacks("1c 7f ff ff ff ff ff ff ff", Long.MAX_VALUE);
        assertPacks("0c 7f ff ff ff ff ff ff ff", Long.MIN_VALUE);
        assertPacks("0c 7f ff ff ff ff ff ff fe", BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE));
        assertPacks("1c ff ff ff ff ff ff ff ff", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertPacks("0c 00 00 00 00 00 00 00 00", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).negate());
    }

    @Test
    void bigIntegersCarryTheirLength() {
        assertPacks("1d 09 01 00 00 00 00 00 00 00 00", BigInteger.ONE.shiftLeft(64));
        assertPacks("0b f6 fe ff ff ff ff ff ff ff ff", BigInteger.ONE.shiftLeft(64).negate());
        Tuple largest = Tuple.of(BigInteger.ONE.shiftLeft(2040).subtract(BigInteger.ONE));
        byte[] packed = largest.pack();
        assertEquals(2 + 255, packed.length);
        assertEquals(0x1d, packed[0] & 0xFF);
        assertEquals(0xff, packed[1] & 0xFF);
    }

    @Test
    void floatsAndDoublesFlipSignOrAllBits() {
        assertPacks("20 3d d7 ff ff", -42f);
        assertPacks("20 c2 28 00 00", 42f);
        assertPacks("20 80 00 00 00", 0.0f);
        assertPacks("20 7f ff ff ff", -0.0f);
        assertPacks("20 ff c0 00 00", Float.NaN);
        assertPacks("21 3f ba ff ff ff ff ff ff", -42.0);
        assertPacks("21 80 00 00 00 00 00 00 00", 0.0);
        assertPacks("21 7f ff ff ff ff ff ff ff", -0.0);
        assertPacks("21 ff f0 00 00 00 00 00 00", Double.POSITIVE_INFINITY);
        assertPacks("21 00 0f ff ff ff ff ff ff", Double.NEGATIVE_INFINITY);
        assertPacks("21 ff f8 00 00 00 00 00 00", Double.NaN);
    }

    @Test
    void booleansAndUuids() {
        assertPacks("26 27", false, true);
        assertPacks("30 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff",
                UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"));
    }

    @Test
    void compositeKeyAndItsRanges() {
        Tuple user = Tuple.of("user", 42L);
        assertEquals("02 75 73 65 72 00 15 2a", HEX.formatHex(user.pack()));
        assertEquals("70 02 75 73 65 72 00 15 2a", HEX.formatHex(user.pack(new byte[] {'p'})));
        assertEquals(new Range(HEX.parseHex("02 75 73 65 72 00 15 2a 00"), HEX.parseHex("02 75 73 65 72 00 15 2a ff")),
                user.range());
        assertEquals(new Range(HEX.parseHex("70 02 75 73 65 72 00 15 2a 00"),
                HEX.parseHex("70 02 75 73 65 72 00 15 2a ff")), user.range(new byte[] {'p'}));
        assertEquals(new Range(HEX.parseHex("02 75 73 65 72 00 15 2a"), HEX.parseHex("02 75 73 65 72 00 15 2b")),
                user.prefixRange());
    }

    @Test
    void decodingASliceSkipsThePrefix() {
        byte[] key = Tuple.of("a", 1).pack(new byte[] {(byte) 0xFE, 0x00});
        assertArrayEquals(Tuple.of("a", 1).pack(), Tuple.fromBytes(key, 2, key.length - 2).pack());
    }
}
