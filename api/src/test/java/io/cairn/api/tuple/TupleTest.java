package io.cairn.api.tuple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Building tuples, reading elements back and the errors for bad elements. */
class TupleTest {

    @Test
    void smallIntegersAndFittingBigIntegersBecomeLongs() {
        assertEquals(Tuple.of(1L, 2L, 3L, 4L), Tuple.of(1, (short) 2, (byte) 3, BigInteger.valueOf(4)));
        assertEquals(Long.class, Tuple.of(BigInteger.valueOf(Long.MIN_VALUE)).get(0).getClass());
        assertEquals(BigInteger.class, Tuple.of(BigInteger.ONE.shiftLeft(63)).get(0).getClass());
    }

    @Test
    void addReturnsANewTupleAndLeavesTheOldOne() {
        Tuple a = Tuple.of("a");
        Tuple b = a.add(1).add(2.5).add(1.5f).add(true).add((Object) null);
        assertEquals(1, a.size());
        assertEquals(Tuple.of("a", 1L, 2.5, 1.5f, true, null), b);
        assertEquals(Tuple.of("a", "b", "c"), a.addAll(Tuple.of("b", "c")));
        assertEquals(Tuple.of("a", "b"), a.addAll(List.of("b")));
    }

    @Test
    void byteArraysAreCopiedInAndOut() {
        byte[] in = {1, 2};
        Tuple t = Tuple.of((Object) in);
        in[0] = 9;
        byte[] out = t.getBytes(0);
        out[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, t.getBytes(0));
        ((byte[]) t.get(0))[0] = 7;
        ((byte[]) t.toList().get(0))[0] = 7;
        assertArrayEquals(new byte[] {1, 2}, t.getBytes(0));
        assertEquals(Tuple.of((Object) new byte[] {1, 2}), t);
        assertEquals(Tuple.of((Object) new byte[] {1, 2}).hashCode(), t.hashCode());
    }

    @Test
    void typedGettersReturnTheirType() {
        UUID u = UUID.randomUUID();
        Tuple t = Tuple.of("s", new byte[] {0}, 5, BigInteger.TEN.pow(30), true, 1.5, 2.5f, u, Tuple.of(1), null);
        assertEquals("s", t.getString(0));
        assertArrayEquals(new byte[] {0}, t.getBytes(1));
        assertEquals(5L, t.getLong(2));
        assertEquals(BigInteger.valueOf(5), t.getBigInteger(2));
        assertEquals(BigInteger.TEN.pow(30), t.getBigInteger(3));
        assertTrue(t.getBoolean(4));
        assertEquals(1.5, t.getDouble(5));
        assertEquals(2.5f, t.getFloat(6));
        assertEquals(u, t.getUUID(7));
        assertEquals(Tuple.of(1), t.getNestedTuple(8));
        assertNull(t.getString(9));
        assertNull(t.getNestedTuple(9));
    }

    @Test
    void typedGettersNameTheElementWhenTheTypeIsWrong() {
        Tuple t = Tuple.of("s", BigInteger.TEN.pow(30), null);
        CairnException e = assertThrows(CairnException.class, () -> t.getLong(0));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertEquals("tuple element 0 is String s, expected integer", e.getMessage());
        e = assertThrows(CairnException.class, () -> t.getLong(1));
        assertTrue(e.getMessage().contains("expected integer that fits a long"), e.getMessage());
        e = assertThrows(CairnException.class, () -> t.getBoolean(2));
        assertEquals("tuple element 2 is null, expected non-null value", e.getMessage());
        e = assertThrows(CairnException.class, () -> t.getUUID(0));
        assertTrue(e.getMessage().contains("expected UUID"), e.getMessage());
    }

    @Test
    void unsupportedElementTypesAreRejectedByIndex() {
        CairnException e = assertThrows(CairnException.class, () -> Tuple.of("a", new Date()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().startsWith("tuple element 1 has unsupported type java.util.Date"), e.getMessage());
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        CairnException e = assertThrows(CairnException.class, () -> Tuple.of("ok", "a\uD800b"));
        assertEquals("tuple element 1 is a string with an unpaired surrogate at char 1, which UTF-8 cannot encode",
                e.getMessage());
        assertThrows(CairnException.class, () -> Tuple.of("\uDC00"));
        assertEquals(Tuple.of("\uD83D\uDE00"), Tuple.fromBytes(Tuple.of("\uD83D\uDE00").pack()));
    }

    @Test
    void integersBeyond2040BitsAreRejected() {
        BigInteger largest = BigInteger.ONE.shiftLeft(2040).subtract(BigInteger.ONE);
        assertEquals(Tuple.of(largest.negate()), Tuple.fromBytes(Tuple.of(largest.negate()).pack()));
        CairnException e = assertThrows(CairnException.class, () -> Tuple.of(largest.add(BigInteger.ONE)));
        assertTrue(e.getMessage().startsWith("tuple element 0 is an integer of 2041 bits"), e.getMessage());
        assertThrows(CairnException.class, () -> Tuple.of(largest.add(BigInteger.ONE).negate()));
    }

    @Test
    void nanIsCanonicalAndZeroesDiffer() {
        Tuple nan = Tuple.of(Double.longBitsToDouble(0x7ff0_0000_0000_0001L));
        assertArrayEquals(Tuple.of(Double.NaN).pack(), nan.pack());
        assertEquals(Tuple.of(Double.NaN), nan);
        assertNotEquals(Tuple.of(0.0), Tuple.of(-0.0));
        assertNotEquals(Tuple.of(0.0f), Tuple.of(0.0));
    }

    @Test
    void prefixesAndEquality() {
        assertTrue(Tuple.empty().isPrefixOf(Tuple.of(1)));
        assertTrue(Tuple.of(1).isPrefixOf(Tuple.of(1)));
        assertTrue(Tuple.of(1).isPrefixOf(Tuple.of(1, "a")));
        assertFalse(Tuple.of("a").isPrefixOf(Tuple.of("a\0")));
        assertFalse(Tuple.of("a").range().contains(Tuple.of("a\0").pack()));
        assertTrue(Tuple.of("a").prefixRange().contains(Tuple.of("a\0").pack()));
        assertNotEquals(Tuple.of(1), Tuple.of(1, null));
        assertTrue(Tuple.of(1).compareTo(Tuple.of(1, null)) < 0);
    }

    @Test
    void toStringIsReadable() {
        assertEquals("(\"user\", 42, b\"\\x00\", null, (1.5f,), true)",
                Tuple.of("user", 42, new byte[] {0}, null, Tuple.of(1.5f), true).toString());
        assertEquals("()", Tuple.empty().toString());
    }
}
