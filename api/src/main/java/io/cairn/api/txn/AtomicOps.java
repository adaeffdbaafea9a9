package io.cairn.api.txn;

import java.util.Arrays;

/**
 * The semantics of atomic operations, shared by read-your-writes in a transaction and by the
 * engine that applies commits, so that both compute the same value.
 *
 * <p>Integers are unsigned (ADD wraps) little-endian of the parameter's length; a missing value
 * counts as zero, and an existing value is truncated or zero-extended to the parameter's length.
 * Thread-safe (stateless).
 */
public final class AtomicOps {
    private AtomicOps() {}

    /**
     * The value after applying {@code kind} with {@code param} to {@code current}.
     *
     * @param current the stored value, or {@code null} when the key has none
     * @return the new value, or {@code null} when the key ends up absent
     * @throws IllegalArgumentException when {@code kind} is not an atomic operation
     */
    public static byte[] apply(Mutation.Kind kind, byte[] current, byte[] param) {
        switch (kind) {
            case ADD:
                return add(current, param);
            case MIN:
                return compareLittleEndian(resize(current, param.length), param) <= 0
                        ? resize(current, param.length) : param.clone();
            case MAX:
                return compareLittleEndian(resize(current, param.length), param) >= 0
                        ? resize(current, param.length) : param.clone();
            case COMPARE_AND_CLEAR:
                return current != null && Arrays.equals(current, param) ? null : current;
            case SET_IF_ABSENT:
                return current == null ? param.clone() : current;
            default:
                throw new IllegalArgumentException(kind + " is not an atomic operation");
        }
    }

    private static byte[] add(byte[] current, byte[] param) {
        byte[] out = resize(current, param.length);
        int carry = 0;
        for (int i = 0; i < out.length; i++) {
            int sum = (out[i] & 0xFF) + (param[i] & 0xFF) + carry;
            out[i] = (byte) sum;
            carry = sum >>> 8;
        }
        return out;
    }

    /** A copy of {@code value} truncated or zero-extended to {@code length}; null counts as zero. */
    private static byte[] resize(byte[] value, int length) {
        return value == null ? new byte[length] : Arrays.copyOf(value, length);
    }

    /** Compares two equally long unsigned little-endian integers. */
    private static int compareLittleEndian(byte[] a, byte[] b) {
        for (int i = a.length - 1; i >= 0; i--) {
            int c = Integer.compare(a[i] & 0xFF, b[i] & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
