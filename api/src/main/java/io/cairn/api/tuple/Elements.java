package io.cairn.api.tuple;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.UUID;

/** Checks, normalizes, compares for equality and prints the elements a tuple may hold. */
final class Elements {
    private static final BigInteger MAX_BIG_INT =
            BigInteger.ONE.shiftLeft(TypeCodes.MAX_BIG_INT_BYTES * Byte.SIZE).subtract(BigInteger.ONE);

    private Elements() {}

    /**
     * The form a tuple stores {@code element} in: byte arrays copied, {@code int}/{@code short}/
     * {@code byte} widened to {@code Long}, a {@code BigInteger} that fits a {@code long} turned
     * into a {@code Long}, every NaN made the canonical NaN.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming {@code index} when the
     *     element has an unsupported type, a string is not well-formed UTF-16, or an integer is too
     *     large
     */
    static Object normalize(Object element, int index) {
        if (element == null || element instanceof Long || element instanceof Boolean
                || element instanceof UUID || element instanceof Tuple) {
            return element;
        }
        if (element instanceof byte[] b) {
            return b.clone();
        }
        if (element instanceof String s) {
            checkWellFormed(s, index);
            return s;
        }
        if (element instanceof Integer || element instanceof Short || element instanceof Byte) {
            return ((Number) element).longValue();
        }
        if (element instanceof BigInteger big) {
            return normalize(big, index);
        }
        if (element instanceof Double d) {
            return d.isNaN() ? Double.NaN : d;
        }
        if (element instanceof Float f) {
            return f.isNaN() ? Float.NaN : f;
        }
        throw new CairnException(ErrorCode.INVALID_ARGUMENT, "tuple element " + index + " has unsupported type "
                + element.getClass().getName() + "; supported are null, byte[], String, Long, Integer, Short, Byte,"
                + " BigInteger, Boolean, UUID, Double, Float and Tuple");
    }

    private static Object normalize(BigInteger big, int index) {
        if (big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        if (big.abs().compareTo(MAX_BIG_INT) > 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "tuple element " + index
                    + " is an integer of " + big.bitLength() + " bits; at most "
                    + TypeCodes.MAX_BIG_INT_BYTES * Byte.SIZE + " bits of magnitude are supported");
        }
        return big;
    }

    private static void checkWellFormed(String s, int index) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "tuple element " + index
                        + " is a string with an unpaired surrogate at char " + i + ", which UTF-8 cannot encode");
            }
        }
    }

    /** Whether two normalized elements are equal; byte arrays compare by content. */
    static boolean equal(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A hash code consistent with {@link #equal}. */
    static int hash(Object element) {
        if (element instanceof byte[] b) {
            return Arrays.hashCode(b);
        }
        return element == null ? 0 : element.hashCode();
    }

    /** Appends a readable rendering: strings quoted, bytes as {@code b"..."}, floats with {@code f}. */
    static void print(Object element, StringBuilder out) {
        if (element instanceof String s) {
            out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (element instanceof byte[] b) {
            out.append("b\"").append(Bytes.printable(b).replace("\"", "\\x22")).append('"');
        } else if (element instanceof Float f) {
            out.append(f).append('f');
        } else {
            out.append(element);
        }
    }
}
