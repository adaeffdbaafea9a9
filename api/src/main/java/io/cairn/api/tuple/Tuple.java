package io.cairn.api.tuple;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable list of typed elements that packs into a key whose unsigned byte order is the
 * natural order of the elements.
 *
 * <p>Elements may be {@code null}, {@code byte[]}, {@code String}, integers ({@code Long},
 * {@code Integer}, {@code Short}, {@code Byte}, {@code BigInteger} of up to 2040 bits of
 * magnitude), {@code Boolean}, {@code UUID}, {@code Double}, {@code Float} and nested
 * {@code Tuple}s, nested at most {@link #MAX_NESTING} levels deep. Integers are stored as
 * {@code Long} when they fit and as {@code BigInteger} otherwise, so {@code Tuple.of(1)} equals
 * {@code Tuple.of(BigInteger.ONE)}; every NaN is stored as the canonical NaN. Byte arrays are
 * copied in and out. The order, the layout and its type codes are described in the
 * {@linkplain io.cairn.api.tuple package documentation}.
 *
 * <p>Tuples are immutable and thread-safe; {@code add} returns a new tuple.
 */
public final class Tuple implements Comparable<Tuple> {
    /** The deepest nesting of tuples inside a tuple that may be built, packed or decoded. */
    public static final int MAX_NESTING = 100;

    private static final Tuple EMPTY = new Tuple(Collections.emptyList(), 0);

    private final List<Object> items;
    private final int depth;

    /** Wraps already normalized elements; {@code depth} is the nesting below this tuple. */
    Tuple(List<Object> items, int depth) {
        this.items = items;
        this.depth = depth;
    }

    /** The tuple with no elements, which packs to the empty key. */
    public static Tuple empty() {
        return EMPTY;
    }

    /**
     * A tuple of the given elements, in order.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming the element when one has an
     *     unsupported type, a string holds an unpaired surrogate, an integer is too large, or
     *     nesting exceeds {@link #MAX_NESTING}
     */
    public static Tuple of(Object... elements) {
        return fromList(Arrays.asList(elements));
    }

    /**
     * A tuple of the elements of {@code elements}, in order.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} as for {@link #of}
     */
    public static Tuple fromList(List<?> elements) {
        return EMPTY.addAll(elements);
    }

    /**
     * Decodes a key written by {@link #pack()}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} naming the offset of the first
     *     malformed element when {@code bytes} is not the canonical packing of a tuple
     */
    public static Tuple fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /**
     * Decodes the packed tuple in {@code bytes[offset, offset + length)}, for instance the part of
     * a key after a known prefix. Offsets in error messages are indexes into {@code bytes}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} when the slice lies outside the
     *     array or is not the canonical packing of a tuple
     */
    public static Tuple fromBytes(byte[] bytes, int offset, int length) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "slice [" + offset + ", " + offset + " + " + length
                    + ") lies outside an array of " + bytes.length + " bytes");
        }
        return new TupleDecoder(bytes, offset, length).decode();
    }

    /**
     * This tuple followed by {@code element}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} as for {@link #of}
     */
    public Tuple add(Object element) {
        return addAll(Collections.singletonList(element));
    }

    /** This tuple followed by the integer {@code value}. */
    public Tuple add(long value) {
        return add((Object) value);
    }

    /** This tuple followed by the double {@code value}. */
    public Tuple add(double value) {
        return add((Object) value);
    }

    /** This tuple followed by the float {@code value}. */
    public Tuple add(float value) {
        return add((Object) value);
    }

    /** This tuple followed by the boolean {@code value}. */
    public Tuple add(boolean value) {
        return add((Object) value);
    }

    /**
     * This tuple followed by the elements of {@code elements}, in order.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} as for {@link #of}
     */
    public Tuple addAll(List<?> elements) {
        List<Object> all = new ArrayList<>(items.size() + elements.size());
        all.addAll(items);
        int d = depth;
        for (Object e : elements) {
            Object n = Elements.normalize(e, all.size());
            if (n instanceof Tuple t) {
                if (t.depth + 1 > MAX_NESTING) {
                    throw new CairnException(ErrorCode.INVALID_ARGUMENT, "tuple element " + all.size()
                            + " nests tuples deeper than " + MAX_NESTING + " levels");
                }
                d = Math.max(d, t.depth + 1);
            }
            all.add(n);
        }
        return new Tuple(Collections.unmodifiableList(all), d);
    }

    /** This tuple followed by the elements of {@code other}. */
    public Tuple addAll(Tuple other) {
        List<Object> all = new ArrayList<>(items.size() + other.items.size());
        all.addAll(items);
        all.addAll(other.items);
        return new Tuple(Collections.unmodifiableList(all), Math.max(depth, other.depth));
    }

    /** The number of elements. */
    public int size() {
        return items.size();
    }

    /** Whether the tuple has no elements. */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * The element at {@code index} in its stored form; a {@code byte[]} is returned as a copy.
     *
     * @throws IndexOutOfBoundsException when {@code index} is not in {@code [0, size())}
     */
    public Object get(int index) {
        Object e = items.get(index);
        return e instanceof byte[] b ? b.clone() : e;
    }

    /** The elements in their stored form, as a new mutable list (byte arrays copied). */
    public List<Object> toList() {
        List<Object> copy = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            copy.add(get(i));
        }
        return copy;
    }

    /** The elements without copying, for this package only. */
    List<Object> items() {
        return items;
    }

    /** The levels of tuples nested inside this one; 0 when no element is a tuple. */
    int depth() {
        return depth;
    }

    /** The string at {@code index}, or null for a null element; fails if it holds another type. */
    public String getString(int index) {
        return typed(index, String.class);
    }

    /** A copy of the byte string at {@code index}, or null; fails if it holds another type. */
    public byte[] getBytes(int index) {
        byte[] b = typed(index, byte[].class);
        return b == null ? null : b.clone();
    }

    /**
     * The integer at {@code index} as a {@code long}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} when the element is null, is no
     *     integer, or does not fit a {@code long}
     */
    public long getLong(int index) {
        Object e = items.get(index);
        if (e instanceof Long l) {
            return l;
        }
        throw wrongType(index, e, e instanceof BigInteger ? "integer that fits a long" : "integer");
    }

    /** The integer at {@code index} as a {@code BigInteger}, or null; fails if it holds another type. */
    public BigInteger getBigInteger(int index) {
        Object e = items.get(index);
        if (e instanceof Long l) {
            return BigInteger.valueOf(l);
        }
        return typed(index, BigInteger.class);
    }

    /** The boolean at {@code index}; fails if it is null or holds another type. */
    public boolean getBoolean(int index) {
        return nonNull(index, typed(index, Boolean.class));
    }

    /** The double at {@code index}; fails if it is null or holds another type. */
    public double getDouble(int index) {
        return nonNull(index, typed(index, Double.class));
    }

    /** The float at {@code index}; fails if it is null or holds another type. */
    public float getFloat(int index) {
        return nonNull(index, typed(index, Float.class));
    }

    /** The UUID at {@code index}, or null; fails if it holds another type. */
    public UUID getUUID(int index) {
        return typed(index, UUID.class);
    }

    /** The nested tuple at {@code index}, or null; fails if it holds another type. */
    public Tuple getNestedTuple(int index) {
        return typed(index, Tuple.class);
    }

    private <T> T typed(int index, Class<T> type) {
        Object e = items.get(index);
        if (e == null || type.isInstance(e)) {
            return type.cast(e);
        }
        throw wrongType(index, e, type.getSimpleName());
    }

    private static <T> T nonNull(int index, T value) {
        if (value == null) {
            throw wrongType(index, null, "non-null value");
        }
        return value;
    }

    private static CairnException wrongType(int index, Object e, String wanted) {
        String actual = e == null ? "null" : e.getClass().getSimpleName() + " " + e;
        return new CairnException(ErrorCode.INVALID_ARGUMENT,
                "tuple element " + index + " is " + actual + ", expected " + wanted);
    }

    /**
     * Packs this tuple into a key; keys of different tuples compare, as unsigned bytes, in the
     * natural order of the tuples. The empty tuple packs to the empty key.
     */
    public byte[] pack() {
        return pack(Bytes.EMPTY);
    }

    /** Packs this tuple after {@code prefix}: {@code prefix + pack()}. */
    public byte[] pack(byte[] prefix) {
        TupleEncoder encoder = new TupleEncoder(prefix);
        encoder.writeAll(items);
        return encoder.toByteArray();
    }

    /**
     * The keys of every tuple that strictly extends this one: {@code [pack() + 0x00, pack() + 0xFF)},
     * begin inclusive, end exclusive. The key of this tuple itself is not in the range.
     *
     * <p>Unlike {@link #prefixRange()}, it leaves out tuples whose last string or byte string
     * merely continues this tuple's last one (such as {@code ("a\0")} after {@code ("a")}).
     */
    public Range range() {
        return range(Bytes.EMPTY);
    }

    /**
     * The keys {@code prefix + pack(t)} of every tuple {@code t} that strictly extends this one:
     * {@code [prefix + pack() + 0x00, prefix + pack() + 0xFF)}, begin inclusive, end exclusive.
     */
    public Range range(byte[] prefix) {
        byte[] p = pack(prefix);
        byte[] begin = Arrays.copyOf(p, p.length + 1);
        byte[] end = Arrays.copyOf(p, p.length + 1);
        end[p.length] = (byte) 0xFF;
        return new Range(begin, end);
    }

    /**
     * Every key whose bytes start with {@code pack()}, this tuple's own key included:
     * {@link Range#startsWith(byte[]) Range.startsWith(pack())}. The empty tuple gives
     * {@link Range#ALL}.
     */
    public Range prefixRange() {
        return Range.startsWith(pack());
    }

    /** Whether this tuple's elements are the first elements of {@code other}; true for equal tuples. */
    public boolean isPrefixOf(Tuple other) {
        if (other.items.size() < items.size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!Elements.equal(items.get(i), other.items.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares tuples in their natural order, the order of their packed keys; this packs both
     * tuples, so sort by packed keys when comparing many times.
     */
    @Override
    public int compareTo(Tuple other) {
        return Bytes.compare(pack(), other.pack());
    }

    /** Whether {@code o} is a tuple with equal elements; byte strings compare by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple t && t.items.size() == items.size() && isPrefixOf(t);
    }

    /** A hash code consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        int h = 1;
        for (Object e : items) {
            h = 31 * h + Elements.hash(e);
        }
        return h;
    }

    /** A readable rendering such as {@code ("user", 42, b"\x00", null, (1.5,))}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Elements.print(items.get(i), sb);
        }
        if (items.size() == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
