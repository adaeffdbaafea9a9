package io.cairn.api;

import java.util.Arrays;

/** Helpers for byte-string keys: unsigned comparison, successors, prefixes and printing. */
public final class Bytes {
    /** The empty byte string, the first possible key. */
    public static final byte[] EMPTY = new byte[0];

    private Bytes() {}

    /** Compares two byte strings as unsigned bytes, shorter first on a common prefix. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest key strictly greater than {@code key}: {@code key + 0x00}. */
    public static byte[] keyAfter(byte[] key) {
        byte[] next = Arrays.copyOf(key, key.length + 1);
        return next;
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}.
     *
     * @throws CairnException {@link ErrorCode#INVALID_ARGUMENT} when the prefix is empty or all
     *     {@code 0xFF}, which no key can follow
     */
    public static byte[] strinc(byte[] prefix) {
        int n = prefix.length;
        while (n > 0 && prefix[n - 1] == (byte) 0xFF) {
            n--;
        }
        if (n == 0) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT,
                    "no key follows every key with prefix '" + printable(prefix) + "'");
        }
        byte[] r = Arrays.copyOf(prefix, n);
        r[n - 1]++;
        return r;
    }

    /** Whether {@code key} starts with {@code prefix}. */
    public static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Renders bytes in fdbcli's convention: printable ASCII as is, a backslash as {@code \\},
     * everything else as {@code \xNN}.
     */
    public static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return sb.toString();
    }
}
