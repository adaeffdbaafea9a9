package io.cairn.server;

import io.cairn.client.protocol.Frame;
import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * A buffered socket input that can tell whether a whole frame is already buffered, so that the
 * reader knows whether its next read may block. Not thread-safe: the connection's reader only.
 */
final class FrameInput extends BufferedInputStream {
    private static final int BUFFER_BYTES = 64 * 1024;

    FrameInput(InputStream in) {
        super(in, BUFFER_BYTES);
    }

    /** Whether the buffer holds the next frame whole: its length prefix and every byte it counts. */
    synchronized boolean holdsWholeFrame() {
        int buffered = count - pos;
        if (buffered < 4) {
            return false;
        }
        long length = ((buf[pos] & 0xFFL) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        return length >= Frame.HEADER_SIZE && buffered - 4 >= length;
    }
}
