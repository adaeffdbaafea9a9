package io.cairn.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a message payload written by {@link PayloadWriter}, checking every bound: a short or
 * malformed payload is a {@link ProtocolException}, never an index error. Not thread-safe.
 */
public final class PayloadReader {
    private final byte[] buf;
    private int pos;

    /** A reader over the whole of {@code payload}. */
    public PayloadReader(byte[] payload) {
        this.buf = payload;
    }

    private void need(int n, String what) throws ProtocolException {
        if (n < 0 || buf.length - pos < n) {
            throw new ProtocolException("payload too short for " + what + " at offset " + pos);
        }
    }

    /** Reads one unsigned byte. */
    public int u8() throws ProtocolException {
        need(1, "a byte");
        return buf[pos++] & 0xFF;
    }

    /** Reads a boolean written as one byte, 0 or 1. */
    public boolean bool() throws ProtocolException {
        int v = u8();
        if (v > 1) {
            throw new ProtocolException("invalid boolean " + v + " at offset " + (pos - 1));
        }
        return v == 1;
    }

    /** Reads four bytes. */
    public int u32() throws ProtocolException {
        need(4, "an int");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /** Reads eight bytes. */
    public long u64() throws ProtocolException {
        need(8, "a long");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /** Reads a length-prefixed byte string. */
    public byte[] bytes() throws ProtocolException {
        int n = u32();
        need(n, "a byte string of " + Integer.toUnsignedString(n) + " bytes");
        byte[] v = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return v;
    }

    /** Reads a length-prefixed UTF-8 string. */
    public String string() throws ProtocolException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Fails unless every byte was read, so trailing garbage is caught. */
    public void end() throws ProtocolException {
        if (pos != buf.length) {
            throw new ProtocolException((buf.length - pos) + " unexpected bytes after the message");
        }
    }
}
