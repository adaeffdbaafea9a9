package io.cairn.api.tuple;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Writes tuples in the order-preserving layout described in the package documentation; not thread-safe. */
final class TupleEncoder {
    private static final int INITIAL_CAPACITY = 32;

    private byte[] buf;
    private int len;

    /** An encoder whose output starts with {@code prefix}. */
    TupleEncoder(byte[] prefix) {
        buf = Arrays.copyOf(prefix, Math.max(INITIAL_CAPACITY, prefix.length * 2));
        len = prefix.length;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Writes every element of a top-level tuple. */
    void writeAll(List<Object> elements) {
        for (Object e : elements) {
            write(e, false);
        }
    }

    private void write(Object e, boolean nested) {
        if (e == null) {
            put(TypeCodes.NULL);
            if (nested) {
                put(TypeCodes.ESCAPE);
            }
        } else if (e instanceof byte[] b) {
            put(TypeCodes.BYTES);
            putEscaped(b);
        } else if (e instanceof String s) {
            put(TypeCodes.STRING);
            putEscaped(s.getBytes(StandardCharsets.UTF_8));
        } else if (e instanceof Tuple t) {
            put(TypeCodes.NESTED);
            for (Object inner : t.items()) {
                write(inner, true);
            }
            put(TypeCodes.NULL);
        } else if (e instanceof Long l) {
            putLong(l);
        } else if (e instanceof BigInteger big) {
            putBigInteger(big);
        } else if (e instanceof Float f) {
            put(TypeCodes.FLOAT);
            putBits(orderedFloatBits(f), Float.BYTES);
        } else if (e instanceof Double d) {
            put(TypeCodes.DOUBLE);
            putBits(orderedDoubleBits(d), Double.BYTES);
        } else if (e instanceof Boolean b) {
            put(b ? TypeCodes.TRUE : TypeCodes.FALSE);
        } else if (e instanceof UUID u) {
            put(TypeCodes.UUID);
            putBits(u.getMostSignificantBits(), Long.BYTES);
            putBits(u.getLeastSignificantBits(), Long.BYTES);
        } else {
            throw new IllegalStateException("unnormalized tuple element " + e.getClass().getName());
        }
    }

    /**
     * Maps float bits so that unsigned order is numeric order: negatives get every bit flipped,
     * the rest get the sign bit set.
     */
    static long orderedFloatBits(float f) {
        int bits = Float.floatToIntBits(f);
        return (bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL;
    }

    /** The double counterpart of {@link #orderedFloatBits}. */
    static long orderedDoubleBits(double d) {
        long bits = Double.doubleToLongBits(d);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private void putLong(long v) {
        if (v == 0) {
            put(TypeCodes.INT_ZERO);
            return;
        }
        // Long.MIN_VALUE negates to itself, which read as unsigned is its magnitude 2^63.
        long magnitude = v > 0 ? v : -v;
        int n = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + Byte.SIZE - 1) / Byte.SIZE;
        if (v > 0) {
            put(TypeCodes.INT_ZERO + n);
            putBits(magnitude, n);
        } else {
            put(TypeCodes.INT_ZERO - n);
            putBits(~magnitude, n);
        }
    }

    private void putBigInteger(BigInteger v) {
        byte[] magnitude = magnitudeBytes(v);
        int n = magnitude.length;
        boolean negative = v.signum() < 0;
        if (n > TypeCodes.MAX_SHORT_INT_BYTES) {
            put(negative ? TypeCodes.NEG_BIG_INT : TypeCodes.POS_BIG_INT);
            put(negative ? n ^ 0xFF : n);
        } else {
            put(negative ? TypeCodes.INT_ZERO - n : TypeCodes.INT_ZERO + n);
        }
        for (byte b : magnitude) {
            put(negative ? ~b : b);
        }
    }

    /** The big-endian magnitude of {@code v} without leading zero bytes. */
    static byte[] magnitudeBytes(BigInteger v) {
        byte[] twos = v.abs().toByteArray();
        return twos[0] == 0 ? Arrays.copyOfRange(twos, 1, twos.length) : twos;
    }

    private void putEscaped(byte[] b) {
        for (byte x : b) {
            put(x);
            if (x == 0) {
                put(TypeCodes.ESCAPE);
            }
        }
        put(TypeCodes.NULL);
    }

    /** Writes the low {@code n} bytes of {@code bits}, most significant first. */
    private void putBits(long bits, int n) {
        ensure(n);
        for (int shift = (n - 1) * Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
            buf[len++] = (byte) (bits >>> shift);
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
