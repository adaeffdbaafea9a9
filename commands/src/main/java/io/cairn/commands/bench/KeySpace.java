package io.cairn.commands.bench;

import io.cairn.api.Range;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of a bench run: {@code prefix} followed by the key's index in decimal, zero-padded so
 * that keys are {@code keySize} bytes long and sort in index order. Immutable, thread-safe.
 */
final class KeySpace {
    private final byte[] prefix;
    private final int digits;

    /** Keys under {@code prefix}, {@code keySize} bytes long in total (longer for indices that need more digits). */
    KeySpace(byte[] prefix, int keySize) {
        if (keySize <= prefix.length) {
            throw new IllegalArgumentException("key size " + keySize + " leaves no room for an index after the "
                    + prefix.length + "-byte prefix");
        }
        this.prefix = prefix.clone();
        this.digits = keySize - prefix.length;
    }

    /** The key of {@code index}, which must not be negative. */
    byte[] key(long index) {
        byte[] number = Long.toString(index).getBytes(StandardCharsets.US_ASCII);
        int pad = Math.max(0, digits - number.length);
        byte[] key = Arrays.copyOf(prefix, prefix.length + pad + number.length);
        Arrays.fill(key, prefix.length, prefix.length + pad, (byte) '0');
        System.arraycopy(number, 0, key, prefix.length + pad, number.length);
        return key;
    }

    /** Whether {@code keys} indices, 0 to keys - 1, all fit the key size. */
    boolean fits(long keys) {
        return Long.toString(Math.max(0, keys - 1)).length() <= digits;
    }

    /** Every key under the prefix, begin inclusive, end exclusive. */
    Range all() {
        return Range.startsWith(prefix);
    }

    /** The keys from {@code index} on (inclusive) to the end of the prefix (exclusive). */
    Range from(long index) {
        return new Range(key(index), all().end());
    }
}
