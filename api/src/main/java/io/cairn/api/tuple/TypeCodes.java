package io.cairn.api.tuple;

/**
 * The first byte of each encoded tuple element; their numeric order is the order across types.
 *
 * <p>The values follow FoundationDB's tuple layer so that the layout is familiar; the full layout
 * is described in the package documentation.
 */
final class TypeCodes {
    /** A null element; inside a nested tuple it is followed by {@link #ESCAPE}. */
    static final int NULL = 0x00;
    /** A byte string, zero-escaped and terminated by {@code 0x00}. */
    static final int BYTES = 0x01;
    /** A UTF-8 string, zero-escaped and terminated by {@code 0x00}. */
    static final int STRING = 0x02;
    /** A nested tuple, terminated by {@code 0x00}. */
    static final int NESTED = 0x05;
    /** A negative integer whose magnitude needs more than eight bytes; a length byte follows. */
    static final int NEG_BIG_INT = 0x0B;
    /** Zero; {@code INT_ZERO - n} and {@code INT_ZERO + n} mark integers of n magnitude bytes. */
    static final int INT_ZERO = 0x14;
    /** A positive integer whose magnitude needs more than eight bytes; a length byte follows. */
    static final int POS_BIG_INT = 0x1D;
    /** A 32-bit IEEE 754 float in order-preserving form. */
    static final int FLOAT = 0x20;
    /** A 64-bit IEEE 754 double in order-preserving form. */
    static final int DOUBLE = 0x21;
    /** The boolean false. */
    static final int FALSE = 0x26;
    /** The boolean true. */
    static final int TRUE = 0x27;
    /** A UUID as sixteen big-endian bytes. */
    static final int UUID = 0x30;

    /** Follows a {@code 0x00} that is data rather than a terminator. */
    static final int ESCAPE = 0xFF;
    /** The largest integer magnitude, in bytes, that has its own type code. */
    static final int MAX_SHORT_INT_BYTES = 8;
    /** The largest integer magnitude, in bytes, that the length byte of a big integer allows. */
    static final int MAX_BIG_INT_BYTES = 255;

    private TypeCodes() {}
}
