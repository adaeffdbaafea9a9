package io.cairn.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a message payload: big-endian integers and length-prefixed byte strings. Not thread-safe. */
public final class PayloadWriter {
    private byte[] buf;
    private int size;

    /** A writer with room for {@code capacity} bytes before it grows. */
    public PayloadWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** A writer with a small initial buffer. */
    public PayloadWriter() {
        this(64);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Appends one byte. */
    public PayloadWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** Appends a boolean as one byte, 1 or 0. */
    public PayloadWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    /** Appends four bytes. */
    public PayloadWriter u32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (24 - 8 * i));
        }
        return this;
    }

    /** Appends eight bytes. */
    public PayloadWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (56 - 8 * i));
        }
        return this;
    }

    /** Appends a byte string as a four-byte length and its bytes. */
    public PayloadWriter bytes(byte[] v) {
        u32(v.length);
        ensure(v.length);
        System.arraycopy(v, 0, buf, size, v.length);
        size += v.length;
        return this;
    }

    /** Appends a string as its UTF-8 bytes. */
    public PayloadWriter string(String v) {
        return bytes(v.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes written so far, copied. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
