package io.cairn.api;

import java.util.Arrays;

/**
 * A key and its value, as returned by range reads.
 *
 * <p>The arrays are not copied; callers must not modify them.
 */
public final class KeyValue {
    private final byte[] key;
    private final byte[] value;

    /** Creates a pair; neither array may be null. */
    public KeyValue(byte[] key, byte[] value) {
        if (key == null || value == null) {
            throw new NullPointerException("key and value must not be null");
        }
        this.key = key;
        this.value = value;
    }

    /** The key. */
    public byte[] key() {
        return key;
    }

    /** The value. */
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Bytes.printable(key) + "=" + Bytes.printable(value);
    }
}
