package io.cairn.api.tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of tuple elements biased towards the values where encodings go wrong. */
final class TupleArbitraries {
    static final int MAX_DEPTH = 3;
    private static final int MAX_SIZE = 4;
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger LARGEST = BigInteger.ONE.shiftLeft(2040).subtract(BigInteger.ONE);

    private TupleArbitraries() {}

    static Arbitrary<Tuple> tuples() {
        return tuples(MAX_DEPTH);
    }

    static Arbitrary<Tuple> tuples(int depth) {
        return elements(depth).list().ofMaxSize(MAX_SIZE).map(Tuple::fromList);
    }

    static Arbitrary<Object> elements(int depth) {
        if (depth == 0) {
            return leaves();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaves()),
                net.jqwik.api.Tuple.of(1, Arbitraries.lazy(() -> tuples(depth - 1)).map(t -> (Object) t)));
    }

    static Arbitrary<Object> leaves() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
                net.jqwik.api.Tuple.of(3, byteStrings().map(b -> (Object) b)),
                net.jqwik.api.Tuple.of(3, strings().map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(3, longs().map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(3, bigIntegers().map(b -> (Object) b)),
                net.jqwik.api.Tuple.of(2, floats().map(f -> (Object) f)),
                net.jqwik.api.Tuple.of(2, doubles().map(d -> (Object) d)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)),
                net.jqwik.api.Tuple.of(1, uuids().map(u -> (Object) u)));
    }

    static Arbitrary<byte[]> byteStrings() {
        Arbitrary<Byte> tricky = Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0xFF, (byte) 'a');
        Arbitrary<Byte> bytes = Arbitraries.oneOf(tricky, Arbitraries.bytes());
        return bytes.list().ofMaxSize(6).map(TupleArbitraries::toArray);
    }

    static Arbitrary<String> strings() {
        Arbitrary<Integer> tricky = Arbitraries.of(0x00, (int) 'a', (int) 'b', 0x7F, 0xE9, 0xFFFF, 0xE000, 0x1F600, 0x10FFFF);
        Arbitrary<Integer> any = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        return Arbitraries.oneOf(tricky, any).list().ofMaxSize(5).map(cps -> {
            StringBuilder sb = new StringBuilder();
            cps.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    static Arbitrary<Long> longs() {
        return Arbitraries.oneOf(
                Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -256L, -255L, -1L, 0L, 1L, 255L, 256L,
                        Long.MAX_VALUE - 1, Long.MAX_VALUE),
                Arbitraries.longs(),
                Arbitraries.longs().between(-70_000, 70_000));
    }

    static Arbitrary<BigInteger> bigIntegers() {
        Arbitrary<BigInteger> edges = Arbitraries.of(TWO_63, TWO_63.add(BigInteger.ONE), TWO_64.subtract(BigInteger.ONE),
                TWO_64, TWO_64.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(72), LARGEST, BigInteger.valueOf(7));
        Arbitrary<BigInteger> randomBits = Combinators.combine(
                Arbitraries.integers().between(1, 2040), Arbitraries.longs())
                .as((bits, seed) -> new BigInteger(bits, new Random(seed)));
        return Combinators.combine(Arbitraries.oneOf(edges, randomBits), Arbitraries.of(true, false))
                .as((v, negative) -> negative ? v.negate() : v);
    }

    static Arbitrary<Float> floats() {
        return Arbitraries.oneOf(
                Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0.0f, 0.0f,
                        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f),
                Arbitraries.integers().map(Float::intBitsToFloat));
    }

    static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0),
                Arbitraries.longs().map(Double::longBitsToDouble));
    }

    static Arbitrary<UUID> uuids() {
        Arbitrary<Long> halves = Arbitraries.oneOf(Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L),
                Arbitraries.longs());
        return Combinators.combine(halves, halves).as(UUID::new);
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = list.get(i);
        }
        return b;
    }

    /** Concatenates the elements of several tuples into a list. */
    static List<Object> concat(Tuple... parts) {
        List<Object> all = new ArrayList<>();
        for (Tuple t : parts) {
            all.addAll(t.toList());
        }
        return all;
    }
}
