package io.cairn.cli;

import io.cairn.commands.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Standard input of commands run by the shell: what is typed at the terminal, as UTF-8 bytes,
 * read so that Ctrl-C cancels a command waiting for input.
 *
 * <p>Not thread-safe.
 */
final class TerminalInput extends InputStream {
    /** How often a blocked read looks for a cancellation. */
    private static final long POLL_MILLIS = 100;

    private final NonBlockingReader reader;
    private final Cancellation cancellation;
    private ByteBuffer pending = ByteBuffer.allocate(0);

    TerminalInput(Terminal terminal, Cancellation cancellation) {
        this.reader = terminal.reader();
        this.cancellation = cancellation;
    }

    @Override
    public int read() throws IOException {
        while (!pending.hasRemaining()) {
            cancellation.check();
            int c = reader.read(POLL_MILLIS);
            if (c == NonBlockingReader.EOF || c == 4) {
                return -1;
            }
            if (c == NonBlockingReader.READ_EXPIRED) {
                continue;
            }
            pending = StandardCharsets.UTF_8.encode(CharBuffer.wrap(new char[] {(char) c}));
        }
        return pending.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int first = read();
        if (first < 0) {
            return -1;
        }
        b[off] = (byte) first;
        int n = 1;
        while (n < len && (pending.hasRemaining() || reader.peek(1) >= 0)) {
            int c = read();
            if (c < 0) {
                break;
            }
            b[off + n++] = (byte) c;
        }
        return n;
    }
}
