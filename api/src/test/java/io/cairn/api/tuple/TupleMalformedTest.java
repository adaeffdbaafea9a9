package io.cairn.api.tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bytes that are not the canonical packing of a tuple are rejected with the offending offset. */
class TupleMalformedTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    static void assertNamesAnOffset(CairnException e) {
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().startsWith("malformed tuple at offset ") || e.getMessage().startsWith("slice "),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "03                               | 0 | unknown type code 0x03",
        "15 01 ff                         | 2 | unknown type code 0xff",
        "00 ff                            | 1 | unknown type code 0xff",
        "16 01                            | 0 | integer needs 2 bytes but only 1 remain",
        "15                               | 0 | integer needs 1 bytes but only 0 remain",
        "15 00                            | 0 | leading zero byte",
        "13 ff                            | 0 | leading zero byte",
        "1d                               | 0 | missing its length byte",
        "1d 08 01 00 00 00 00 00 00 00    | 0 | must use the short form",
        "0b f7 fe 00 00 00 00 00 00 00    | 0 | must use the short form",
        "1d 09 00 00 00 00 00 00 00 00 01 | 0 | leading zero byte",
        "1d 09 01 00                      | 0 | integer needs 9 bytes but only 2 remain",
        "02 61                            | 0 | string has no terminating 0x00",
        "01 61 00 ff                      | 0 | byte string has no terminating 0x00",
        "02 c3 28 00                      | 0 | not valid UTF-8",
        "02 c0 80 00                      | 0 | not valid UTF-8",
        "02 ed a0 80 00                   | 0 | not valid UTF-8",
        "14 05 15 01                      | 1 | nested tuple has no terminating 0x00",
        "05 05 00                         | 0 | nested tuple has no terminating 0x00",
        "20 00 00 00                      | 0 | float needs 4 bytes but only 3 remain",
        "20 ff c0 00 01                   | 0 | NaN other than the canonical NaN",
        "20 00 3f ff ff                   | 0 | NaN other than the canonical NaN",
        "21 ff f8 00 00 00 00 00 01       | 0 | NaN other than the canonical NaN",
        "30 00 11 22                      | 0 | UUID needs 8 bytes but only 3 remain",
    })
    void rejectsWithOffsetAndReason(String hex, int offset, String reason) {
        CairnException e = assertThrows(CairnException.class, () -> Tuple.fromBytes(HEX.parseHex(hex.strip())));
        assertNamesAnOffset(e);
        assertTrue(e.getMessage().startsWith("malformed tuple at offset " + offset + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void offsetsOfASliceIndexTheWholeArray() {
        byte[] key = HEX.parseHex("ee ee 15 01 03");
        CairnException e = assertThrows(CairnException.class, () -> Tuple.fromBytes(key, 2, 3));
        assertEquals("malformed tuple at offset 4: unknown type code 0x03", e.getMessage());
    }

    @Test
    void sliceOutsideTheArrayIsRejected() {
        CairnException e = assertThrows(CairnException.class, () -> Tuple.fromBytes(new byte[3], 2, 2));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains("outside an array of 3 bytes"), e.getMessage());
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedWithoutOverflowingTheStack() {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x05);
        CairnException e = assertThrows(CairnException.class, () -> Tuple.fromBytes(deep));
        assertEquals("malformed tuple at offset " + Tuple.MAX_NESTING
                + ": tuples nest deeper than " + Tuple.MAX_NESTING + " levels", e.getMessage());
    }

    @Test
    void nestingUpToTheLimitDecodes() {
        Tuple t = Tuple.of(1);
        for (int i = 0; i < Tuple.MAX_NESTING; i++) {
            t = Tuple.of(t);
        }
        assertEquals(t, Tuple.fromBytes(t.pack()));
        Tuple tooDeep = t;
        CairnException e = assertThrows(CairnException.class, () -> Tuple.of(tooDeep));
        assertTrue(e.getMessage().contains("nests tuples deeper than " + Tuple.MAX_NESTING), e.getMessage());
    }
}
