package io.cairn.api.tuple;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.PrimitiveIterator;
import java.util.UUID;

/**
 * The natural order of tuples written from its definition, independent of the encoding: element
 * by element, type first, a prefix before its extensions.
 */
final class NaturalOrder {
    private NaturalOrder() {}

    static int compare(Tuple a, Tuple b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compareElements(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Whether {@code b} has more elements than {@code a} and starts with all of them. */
    static boolean strictlyExtends(Tuple b, Tuple a) {
        if (b.size() <= a.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (compareElements(a.get(i), b.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    static int compareElements(Object x, Object y) {
        int c = Integer.compare(rank(x), rank(y));
        if (c != 0 || x == null) {
            return c;
        }
        if (x instanceof byte[] p) {
            return Arrays.compareUnsigned(p, (byte[]) y);
        }
        if (x instanceof String s) {
            return compareCodePoints(s, (String) y);
        }
        if (x instanceof Tuple t) {
            return compare(t, (Tuple) y);
        }
        if (x instanceof Float f) {
            return Float.compare(f, (Float) y);
        }
        if (x instanceof Double d) {
            return Double.compare(d, (Double) y);
        }
        if (x instanceof Boolean b) {
            return Boolean.compare(b, (Boolean) y);
        }
        if (x instanceof UUID u) {
            UUID v = (UUID) y;
            int m = Long.compareUnsigned(u.getMostSignificantBits(), v.getMostSignificantBits());
            return m != 0 ? m : Long.compareUnsigned(u.getLeastSignificantBits(), v.getLeastSignificantBits());
        }
        return toBig(x).compareTo(toBig(y));
    }

    private static int rank(Object x) {
        if (x == null) {
            return 0;
        } else if (x instanceof byte[]) {
            return 1;
        } else if (x instanceof String) {
            return 2;
        } else if (x instanceof Tuple) {
            return 3;
        } else if (x instanceof Long || x instanceof BigInteger) {
            return 4;
        } else if (x instanceof Float) {
            return 5;
        } else if (x instanceof Double) {
            return 6;
        } else if (x instanceof Boolean) {
            return 7;
        } else if (x instanceof UUID) {
            return 8;
        }
        throw new IllegalArgumentException("not a tuple element: " + x.getClass());
    }

    private static BigInteger toBig(Object x) {
        return x instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) x;
    }

    private static int compareCodePoints(String a, String b) {
        PrimitiveIterator.OfInt i = a.codePoints().iterator();
        PrimitiveIterator.OfInt j = b.codePoints().iterator();
        while (i.hasNext() && j.hasNext()) {
            int c = Integer.compare(i.nextInt(), j.nextInt());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }
}
