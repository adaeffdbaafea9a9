package io.cairn.api.tuple;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Reads tuples written by {@link TupleEncoder}, accepting only the canonical encoding so that
 * every accepted input packs back to the same bytes; not thread-safe.
 */
final class TupleDecoder {
    private static final int CANONICAL_FLOAT_NAN = Float.floatToIntBits(Float.NaN);
    private static final long CANONICAL_DOUBLE_NAN = Double.doubleToLongBits(Double.NaN);

    private final byte[] b;
    private final int end;
    private int pos;

    /** A decoder of {@code b[offset, offset + length)}; the range has been checked by the caller. */
    TupleDecoder(byte[] b, int offset, int length) {
        this.b = b;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Decodes the whole input as one top-level tuple. */
    Tuple decode() {
        return readTuple(false, 0, pos);
    }

    private Tuple readTuple(boolean nested, int level, int start) {
        if (level > Tuple.MAX_NESTING) {
            throw malformed(start, "tuples nest deeper than " + Tuple.MAX_NESTING + " levels");
        }
        List<Object> items = new ArrayList<>();
        int depth = 0;
        while (pos < end) {
            int at = pos;
            int code = b[pos++] & 0xFF;
            if (code == TypeCodes.NULL) {
                if (!nested) {
                    items.add(null);
                } else if (pos < end && (b[pos] & 0xFF) == TypeCodes.ESCAPE) {
                    pos++;
                    items.add(null);
                } else {
                    return new Tuple(items, depth);
                }
            } else if (code == TypeCodes.NESTED) {
                Tuple inner = readTuple(true, level + 1, at);
                depth = Math.max(depth, inner.depth() + 1);
                items.add(inner);
            } else {
                items.add(readScalar(code, at));
            }
        }
        if (nested) {
            throw malformed(start, "nested tuple has no terminating 0x00");
        }
        return new Tuple(items, depth);
    }

    private Object readScalar(int code, int at) {
        switch (code) {
            case TypeCodes.BYTES:
                return readEscaped(at, "byte string");
            case TypeCodes.STRING:
                return readString(at);
            case TypeCodes.NEG_BIG_INT:
            case TypeCodes.POS_BIG_INT:
                return readBigInteger(code == TypeCodes.NEG_BIG_INT, at);
            case TypeCodes.FLOAT:
                return readFloat(at);
            case TypeCodes.DOUBLE:
                return readDouble(at);
            case TypeCodes.FALSE:
                return Boolean.FALSE;
            case TypeCodes.TRUE:
                return Boolean.TRUE;
            case TypeCodes.UUID:
                return new UUID(readBits(Long.BYTES, at, "UUID"), readBits(Long.BYTES, at, "UUID"));
            default:
                int n = code - TypeCodes.INT_ZERO;
                if (Math.abs(n) <= TypeCodes.MAX_SHORT_INT_BYTES) {
                    return readInteger(n, at);
                }
                throw malformed(at, String.format("unknown type code 0x%02x", code));
        }
    }

    /** Reads an integer of {@code |n|} magnitude bytes, negative when {@code n < 0}. */
    private Object readInteger(int n, int at) {
        if (n == 0) {
            return 0L;
        }
        boolean negative = n < 0;
        int size = Math.abs(n);
        checkLeadingByte(negative, at, size, "integer");
        long bits = readBits(size, at, "integer");
        if (!negative) {
            if (bits < 0) {
                return new BigInteger(Long.toUnsignedString(bits));
            }
            return bits;
        }
        long magnitude = size == Long.BYTES ? ~bits : ~bits & ((1L << (size * Byte.SIZE)) - 1);
        if (magnitude < 0 && magnitude != Long.MIN_VALUE) {
            return new BigInteger(Long.toUnsignedString(magnitude)).negate();
        }
        // Also right for 2^63, whose negation wraps to Long.MIN_VALUE.
        return -magnitude;
    }

    private BigInteger readBigInteger(boolean negative, int at) {
        if (pos >= end) {
            throw malformed(at, "integer is missing its length byte");
        }
        int size = (b[pos++] & 0xFF) ^ (negative ? 0xFF : 0);
        if (size <= TypeCodes.MAX_SHORT_INT_BYTES) {
            throw malformed(at, "integer of " + size + " bytes must use the short form");
        }
        checkLeadingByte(negative, at, size, "integer");
        byte[] magnitude = Arrays.copyOfRange(b, pos, pos + size);
        pos += size;
        if (negative) {
            for (int i = 0; i < size; i++) {
                magnitude[i] = (byte) ~magnitude[i];
            }
        }
        BigInteger v = new BigInteger(1, magnitude);
        return negative ? v.negate() : v;
    }

    private void checkLeadingByte(boolean negative, int at, int size, String what) {
        if (end - pos < size) {
            throw malformed(at, what + " needs " + size + " bytes but only " + (end - pos) + " remain");
        }
        if ((b[pos] & 0xFF) == (negative ? 0xFF : 0x00)) {
            throw malformed(at, what + " has a leading zero byte in its magnitude");
        }
    }

    private Float readFloat(int at) {
        int stored = (int) readBits(Float.BYTES, at, "float");
        int bits = stored < 0 ? stored ^ Integer.MIN_VALUE : ~stored;
        float f = Float.intBitsToFloat(bits);
        if (Float.isNaN(f) && bits != CANONICAL_FLOAT_NAN) {
            throw malformed(at, "float is a NaN other than the canonical NaN");
        }
        return f;
    }

    private Double readDouble(int at) {
        long stored = readBits(Double.BYTES, at, "double");
        long bits = stored < 0 ? stored ^ Long.MIN_VALUE : ~stored;
        double d = Double.longBitsToDouble(bits);
        if (Double.isNaN(d) && bits != CANONICAL_DOUBLE_NAN) {
            throw malformed(at, "double is a NaN other than the canonical NaN");
        }
        return d;
    }

    private long readBits(int n, int at, String what) {
        if (end - pos < n) {
            throw malformed(at, what + " needs " + n + " bytes but only " + (end - pos) + " remain");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << Byte.SIZE) | (b[pos++] & 0xFF);
        }
        return v;
    }

    private String readString(int at) {
        byte[] utf8 = readEscaped(at, "string");
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT,
                    "malformed tuple at offset " + at + ": string is not valid UTF-8", e);
        }
    }

    /** Reads zero-escaped bytes up to the terminating {@code 0x00}. */
    private byte[] readEscaped(int at, String what) {
        int zeros = 0;
        int i = pos;
        while (true) {
            if (i >= end) {
                throw malformed(at, what + " has no terminating 0x00");
            }
            if (b[i] == 0) {
                if (i + 1 < end && (b[i + 1] & 0xFF) == TypeCodes.ESCAPE) {
                    zeros++;
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        byte[] out = new byte[i - pos - zeros];
        int o = 0;
        for (int j = pos; j < i; j++) {
            out[o++] = b[j];
            if (b[j] == 0) {
                j++;
            }
        }
        pos = i + 1;
        return out;
    }

    private static CairnException malformed(int offset, String what) {
        return new CairnException(ErrorCode.INVALID_ARGUMENT, "malformed tuple at offset " + offset + ": " + what);
    }
}
