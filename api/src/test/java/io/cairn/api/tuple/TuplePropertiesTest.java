package io.cairn.api.tuple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of packing: round trip, order, prefixes and ranges, over random nested tuples. */
class TuplePropertiesTest {

    @Property(tries = 2000)
    void everyTupleRoundTrips(@ForAll("tuples") Tuple t) {
        byte[] packed = t.pack();
        Tuple back = Tuple.fromBytes(packed);
        assertEquals(t, back);
        assertEquals(t.hashCode(), back.hashCode());
        assertArrayEquals(packed, back.pack());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(0, NaturalOrder.compareElements(t.get(i), back.get(i)), "element " + i);
        }
    }

    @Property(tries = 500)
    void slicesAfterAPrefixRoundTrip(@ForAll("tuples") Tuple t, @ForAll byte[] prefix) {
        byte[] key = t.pack(prefix);
        assertTrue(Bytes.startsWith(key, prefix));
        assertEquals(t, Tuple.fromBytes(key, prefix.length, key.length - prefix.length));
    }

    @Property(tries = 3000)
    void packedOrderIsNaturalOrder(@ForAll("pairs") List<Tuple> pair) {
        Tuple a = pair.get(0);
        Tuple b = pair.get(1);
        int natural = Integer.signum(NaturalOrder.compare(a, b));
        assertEquals(natural, Integer.signum(Bytes.compare(a.pack(), b.pack())), () -> a + " vs " + b);
        assertEquals(natural, Integer.signum(a.compareTo(b)));
        assertEquals(natural == 0, a.equals(b));
    }

    @Property(tries = 3000)
    void singleElementsOrderNaturally(@ForAll("leaves") Object x, @ForAll("leaves") Object y) {
        Tuple a = Tuple.of(x);
        Tuple b = Tuple.of(y);
        assertEquals(Integer.signum(NaturalOrder.compare(a, b)), Integer.signum(Bytes.compare(a.pack(), b.pack())),
                () -> a + " vs " + b);
    }

    @Property(tries = 1000)
    void prefixSortsBeforeItsExtensionsAndRangesHoldThem(@ForAll("tuples") Tuple a, @ForAll("tuples") Tuple tail) {
        Tuple extended = a.addAll(tail);
        byte[] key = extended.pack();
        assertTrue(Bytes.startsWith(key, a.pack()));
        assertTrue(a.prefixRange().contains(key));
        assertTrue(a.isPrefixOf(extended));
        assertEquals(!tail.isEmpty(), a.range().contains(key));
        if (!tail.isEmpty()) {
            assertTrue(Bytes.compare(a.pack(), key) < 0);
        }
    }

    @Property(tries = 2000)
    void rangeHoldsExactlyTheStrictExtensions(@ForAll("pairs") List<Tuple> pair, @ForAll byte[] prefix) {
        Tuple a = pair.get(0);
        Tuple b = pair.get(1);
        boolean extends_ = NaturalOrder.strictlyExtends(b, a);
        assertEquals(extends_, a.range().contains(b.pack()), () -> b + " in range of " + a);
        assertEquals(extends_, a.range(prefix).contains(b.pack(prefix)));
        Range r = a.prefixRange();
        assertEquals(Bytes.startsWith(b.pack(), a.pack()), r.contains(b.pack()));
    }

    @Property(tries = 1000)
    void bytesThatDecodeAreCanonical(@ForAll("keyish") byte[] bytes) {
        Tuple t;
        try {
            t = Tuple.fromBytes(bytes);
        } catch (io.cairn.api.CairnException e) {
            TupleMalformedTest.assertNamesAnOffset(e);
            return;
        }
        assertArrayEquals(bytes, t.pack(), () -> "accepted " + Bytes.printable(bytes) + " as " + t);
    }

    @Property(tries = 1000)
    void damagedPackingsAreRejectedOrCanonical(@ForAll("tuples") Tuple t, @ForAll int where, @ForAll byte value,
            @ForAll boolean truncate) {
        byte[] packed = t.pack();
        if (packed.length == 0) {
            return;
        }
        int at = Math.floorMod(where, packed.length);
        byte[] damaged = truncate ? java.util.Arrays.copyOf(packed, at) : packed.clone();
        if (!truncate) {
            damaged[at] = value;
        }
        try {
            assertArrayEquals(damaged, Tuple.fromBytes(damaged).pack());
        } catch (io.cairn.api.CairnException e) {
            TupleMalformedTest.assertNamesAnOffset(e);
        }
    }

    @Property(tries = 200)
    void sortingByKeySortsByNaturalOrder(@ForAll("tupleLists") List<Tuple> tuples) {
        List<Tuple> byKey = new ArrayList<>(tuples);
        byKey.sort((x, y) -> Bytes.compare(x.pack(), y.pack()));
        for (int i = 1; i < byKey.size(); i++) {
            assertFalse(NaturalOrder.compare(byKey.get(i - 1), byKey.get(i)) > 0);
        }
    }

    @Provide
    Arbitrary<Tuple> tuples() {
        return TupleArbitraries.tuples();
    }

    @Provide
    Arbitrary<Object> leaves() {
        return TupleArbitraries.elements(1);
    }

    @Provide
    Arbitrary<List<Tuple>> tupleLists() {
        return TupleArbitraries.tuples().list().ofMinSize(2).ofMaxSize(12);
    }

    /** Pairs that often share a prefix, so that comparisons reach deep elements and prefixes. */
    @Provide
    Arbitrary<List<Tuple>> pairs() {
        Arbitrary<Tuple> t = TupleArbitraries.tuples();
        Arbitrary<List<Tuple>> sharing = Combinators.combine(t, t, t).as((p, x, y) -> List.of(
                Tuple.fromList(TupleArbitraries.concat(p, x)), Tuple.fromList(TupleArbitraries.concat(p, y))));
        Arbitrary<List<Tuple>> prefixOf = Combinators.combine(t, t).as((p, x) -> List.of(
                p, Tuple.fromList(TupleArbitraries.concat(p, x))));
        Arbitrary<List<Tuple>> independent = Combinators.combine(t, t).as((x, y) -> List.of(x, y));
        Arbitrary<List<Tuple>> same = t.map(x -> List.of(x, Tuple.fromBytes(x.pack())));
        return Arbitraries.oneOf(sharing, prefixOf, independent, same);
    }

    /** Byte strings made mostly of type codes, terminators and escapes, so that some decode. */
    @Provide
    Arbitrary<byte[]> keyish() {
        Arbitrary<Byte> b = Arbitraries.oneOf(
                Arbitraries.of((byte) 0x00, (byte) 0xFF, (byte) 0x01, (byte) 0x02, (byte) 0x05, (byte) 0x0B,
                        (byte) 0x0C, (byte) 0x13, (byte) 0x14, (byte) 0x15, (byte) 0x1C, (byte) 0x1D, (byte) 0x20,
                        (byte) 0x21, (byte) 0x26, (byte) 0x27, (byte) 0x30, (byte) 'a', (byte) 0xC3, (byte) 0x80),
                Arbitraries.bytes());
        return b.list().ofMaxSize(24).map(l -> {
            byte[] r = new byte[l.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = l.get(i);
            }
            return r;
        });
    }
}
