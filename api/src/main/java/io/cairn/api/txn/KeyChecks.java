package io.cairn.api.txn;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Limits;
import io.cairn.api.Range;

/**
 * Validation of keys, values and ranges against {@link Limits} and the system key space, with
 * error messages that name the offending key and limit. Thread-safe (stateless).
 */
public final class KeyChecks {
    /** How many bytes of a key an error message shows before eliding the rest. */
    private static final int SHOWN_KEY_BYTES = 60;

    private KeyChecks() {}

    /** Checks a key a user reads or writes: not null, not too long, not in the system range. */
    public static void checkKey(byte[] key) {
        if (key == null) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "key must not be null");
        }
        if (key.length > Limits.MAX_KEY_SIZE) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, "key '" + show(key) + "' is " + key.length
                    + " bytes, more than the limit of " + Limits.MAX_KEY_SIZE + " bytes");
        }
        if (key.length > 0 && key[0] == (byte) 0xFF) {
            throw new CairnException(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, "key '" + show(key)
                    + "' is in the system key space (starts with \\xff)");
        }
    }

    /** Checks a value written to {@code key}: not null and not too long. */
    public static void checkValue(byte[] key, byte[] value) {
        if (value == null) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "value for key '" + show(key) + "' must not be null");
        }
        if (value.length > Limits.MAX_VALUE_SIZE) {
            throw new CairnException(ErrorCode.VALUE_TOO_LARGE, "value for key '" + show(key) + "' is "
                    + value.length + " bytes, more than the limit of " + Limits.MAX_VALUE_SIZE + " bytes");
        }
    }

    /**
     * Checks a range a user reads, clears or marks as conflicting: bounds not null, within
     * {@code ["", "\xff"]} and not too long. An empty range (end not after begin) is allowed.
     */
    public static void checkRange(Range range) {
        if (range == null) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "range must not be null");
        }
        checkKey(range.begin());
        byte[] end = range.end();
        if (end.length > Limits.MAX_KEY_SIZE + 1) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, "range end '" + show(end) + "' is " + end.length
                    + " bytes, more than the limit of " + Limits.MAX_KEY_SIZE + " bytes");
        }
        if (Bytes.compare(end, Range.SYSTEM_PREFIX) > 0) {
            throw new CairnException(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, "range end '" + show(end)
                    + "' is beyond the user key space, which ends at \\xff");
        }
    }

    /** Checks a row limit: zero (no limit) or positive. */
    public static void checkLimit(int limit) {
        if (limit < 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "limit must be 0 (no limit) or positive, not " + limit);
        }
    }

    /** The printable form of a key for messages, elided when long. */
    public static String show(byte[] key) {
        if (key.length <= SHOWN_KEY_BYTES) {
            return Bytes.printable(key);
        }
        return Bytes.printable(java.util.Arrays.copyOf(key, SHOWN_KEY_BYTES)) + "...";
    }
}
