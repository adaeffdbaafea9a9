package io.cairn.api;

import java.util.Arrays;

/**
 * A range of keys from {@link #begin()} inclusive to {@link #end()} exclusive.
 *
 * <p>A range whose end is not greater than its begin is empty. The arrays are not copied.
 */
public final class Range {
    /** The first key reserved for the system; every user key sorts before it. */
    public static final byte[] SYSTEM_PREFIX = {(byte) 0xFF};

    /** Every key a user may read or write: {@code ["", "\xff")}. */
    public static final Range ALL = new Range(Bytes.EMPTY, SYSTEM_PREFIX);

    private final byte[] begin;
    private final byte[] end;

    /** The range {@code [begin, end)}; neither may be null. */
    public Range(byte[] begin, byte[] end) {
        if (begin == null || end == null) {
            throw new NullPointerException("range bounds must not be null");
        }
        this.begin = begin;
        this.end = end;
    }

    /** The range of the single key {@code key}: {@code [key, key + 0x00)}. */
    public static Range single(byte[] key) {
        return new Range(key, Bytes.keyAfter(key));
    }

    /**
     * Every key starting with {@code prefix}. An empty prefix gives {@link #ALL}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} when the prefix is all {@code 0xFF}
     */
    public static Range startsWith(byte[] prefix) {
        if (prefix.length == 0) {
            return ALL;
        }
        return new Range(prefix, Bytes.strinc(prefix));
    }

    /** The first key in the range (inclusive). */
    public byte[] begin() {
        return begin;
    }

    /** The first key after the range (exclusive). */
    public byte[] end() {
        return end;
    }

    /** Whether the range holds no key. */
    public boolean isEmpty() {
        return Bytes.compare(begin, end) >= 0;
    }

    /** Whether {@code key} is in {@code [begin, end)}. */
    public boolean contains(byte[] key) {
        return Bytes.compare(begin, key) <= 0 && Bytes.compare(key, end) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Range r && Arrays.equals(begin, r.begin) && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(begin) + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + Bytes.printable(begin) + ", " + Bytes.printable(end) + ")";
    }
}
