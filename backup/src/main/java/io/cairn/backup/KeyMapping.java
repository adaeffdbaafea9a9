package io.cairn.backup;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Limits;
import io.cairn.api.Range;
import java.util.Arrays;

/**
 * How restored keys are renamed: {@code removePrefix} is stripped from each backed-up key and
 * {@code addPrefix} put in front. Every source key must start with {@code removePrefix}. The
 * mapping keeps key order, so a source range maps to one target range. Immutable.
 */
final class KeyMapping {
    private final byte[] add;
    private final byte[] remove;

    KeyMapping(byte[] addPrefix, byte[] removePrefix) {
        this.add = addPrefix.clone();
        this.remove = removePrefix.clone();
        if (add.length > 0 && add[0] == (byte) 0xFF) {
            throw new CairnException(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, "the prefix to add starts with \\xff; keys "
                    + "from \\xff on are reserved for the system");
        }
    }

    /** Whether the mapping changes keys at all. */
    boolean isIdentity() {
        return add.length == 0 && remove.length == 0;
    }

    /** The source keys the mapping applies to: those starting with the prefix to remove. */
    Range domain() {
        return remove.length == 0 ? Range.ALL : Range.startsWith(remove);
    }

    /** The target key of source key {@code key}, which must be in {@link #domain()}. */
    byte[] map(byte[] key) {
        if (isIdentity()) {
            return key;
        }
        byte[] out = Arrays.copyOf(add, add.length + key.length - remove.length);
        System.arraycopy(key, remove.length, out, add.length, key.length - remove.length);
        return out;
    }

    /** The target range of a non-empty source range within {@link #domain()}. */
    Range map(Range r) {
        byte[] end;
        if (Bytes.startsWith(r.end(), remove) && Bytes.compare(r.end(), domain().end()) < 0) {
            end = map(r.end());
        } else {
            // r ends at the end of the domain: the target runs to the end of the added prefix's keys.
            end = add.length == 0 ? Range.ALL.end() : Range.startsWith(add).end();
        }
        return new Range(map(r.begin()), end);
    }

    /**
     * Checks that {@code target}, the image of source {@code key}, is a legal key.
     *
     * @throws CairnException 2102 when too long, 2004 when in the system range
     */
    static void checkTarget(byte[] key, byte[] target) {
        if (target.length > Limits.MAX_KEY_SIZE) {
            throw new CairnException(ErrorCode.KEY_TOO_LARGE, "key '" + Bytes.printable(key) + "' would be restored as "
                    + target.length + " bytes, more than the limit of " + Limits.MAX_KEY_SIZE);
        }
        if (target.length > 0 && target[0] == (byte) 0xFF) {
            throw new CairnException(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, "key '" + Bytes.printable(key)
                    + "' would be restored into the system range");
        }
    }
}
