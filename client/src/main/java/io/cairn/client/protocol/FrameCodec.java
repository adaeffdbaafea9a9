package io.cairn.client.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads and writes {@link Frame}s on byte streams, refusing frames above a maximum size.
 *
 * <p>Not thread-safe: one reader thread and, per stream, one writer at a time.
 */
public final class FrameCodec {
    /** Default largest frame: room for the largest transaction (10 MB) with its overhead. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    private final int maxFrameSize;

    /** A codec that refuses frames longer than {@code maxFrameSize} bytes. */
    public FrameCodec(int maxFrameSize) {
        if (maxFrameSize < Frame.HEADER_SIZE) {
            throw new IllegalArgumentException("maximum frame size too small: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** The largest frame this codec reads or writes, in bytes after the length field. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Reads one frame; blocks until it has arrived whole.
     *
     * @return the frame, or {@code null} on a clean end of stream before its first byte
     * @throws ProtocolException when the length is out of bounds or the stream ends mid-frame
     */
    public Frame read(InputStream in) throws IOException {
        int first = in.read();
        return first < 0 ? null : readRest(first, in);
    }

    /**
     * Reads the rest of a frame whose first byte the caller has already read; lets a server tell
     * an idle connection (no first byte yet) from one that stalls mid-frame.
     *
     * @throws ProtocolException when the length is out of bounds or the stream ends mid-frame
     */
    public Frame readRest(int first, InputStream in) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        try {
            int length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
                    | data.readUnsignedByte();
            if (length < Frame.HEADER_SIZE || length > maxFrameSize) {
                throw new ProtocolException("frame length " + Integer.toUnsignedString(length)
                        + " outside [" + Frame.HEADER_SIZE + ", " + maxFrameSize + "]");
            }
            int type = data.readUnsignedByte();
            int flags = data.readUnsignedByte();
            long requestId = data.readLong();
            int deadline = data.readInt();
            byte[] payload = new byte[length - Frame.HEADER_SIZE];
            data.readFully(payload);
            return new Frame(type, flags, requestId, deadline, payload);
        } catch (EOFException e) {
            throw new ProtocolException("connection closed in the middle of a frame");
        }
    }

    /**
     * Writes one frame and flushes; the caller serialises writers.
     *
     * @throws ProtocolException when the frame is larger than the maximum
     */
    public void write(OutputStream out, Frame frame) throws IOException {
        append(out, frame);
        out.flush();
    }

    /**
     * Writes one frame without flushing, so that several frames can leave in one flush; the
     * caller serialises writers and flushes. Nothing is written when the frame is too large.
     *
     * @throws ProtocolException when the frame is larger than the maximum
     */
    public void append(OutputStream out, Frame frame) throws IOException {
        checkSize(frame.payload().length);
        byte[] header = new byte[4 + Frame.HEADER_SIZE];
        putInt(header, 0, Frame.HEADER_SIZE + frame.payload().length);
        header[4] = (byte) frame.typeCode();
        header[5] = (byte) frame.flags();
        long id = frame.requestId();
        for (int i = 0; i < 8; i++) {
            header[6 + i] = (byte) (id >>> (56 - 8 * i));
        }
        putInt(header, 14, frame.deadlineMillis());
        out.write(header);
        out.write(frame.payload());
    }

    /**
     * Checks that a frame with a payload of {@code payloadLength} bytes fits this codec's maximum.
     *
     * @throws ProtocolException when it does not
     */
    public void checkSize(int payloadLength) throws ProtocolException {
        int length = Frame.HEADER_SIZE + payloadLength;
        if (length > maxFrameSize || length < 0) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the maximum of " + maxFrameSize);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
