package io.cairn.cli;

import io.cairn.commands.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Attributes;
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

    /** Shown when a command first waits for typed input. */
    static final String HINT = "(reading standard input from the terminal: end with Ctrl-D, cancel with Ctrl-C)";

    private final Terminal terminal;
    private final NonBlockingReader reader;
    private final Cancellation cancellation;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private boolean hinted;
    private Attributes saved;

    /** The thread blocked in {@link #read()}, which a cancellation interrupts; guarded by {@code this}. */
    private Thread waiting;

    TerminalInput(Terminal terminal, Cancellation cancellation) {
        this.terminal = terminal;
        this.reader = terminal.reader();
        this.cancellation = cancellation;
        cancellation.onCancel(this::wake);
    }

    /**
     * Interrupts the thread waiting for typed input, and only while it waits there: an interrupt
     * elsewhere could close the database's files.
     */
    private synchronized void wake() {
        if (waiting != null) {
            waiting.interrupt();
        }
    }

    /** Called before each command, so that the hint shows again when it waits for input. */
    void startCommand() {
        hinted = false;
    }

    /** Called after each command: gives the terminal back the line editing it had. */
    void endCommand() {
        if (saved != null) {
            terminal.setAttributes(saved);
            saved = null;
        }
    }

    /**
     * Turns off line buffering (but keeps echo and Ctrl-C) while a command reads, so that a read
     * can time out and notice a cancellation; in line mode it would block until Enter.
     */
    private void characterMode() {
        if (saved == null) {
            saved = terminal.getAttributes();
            Attributes a = new Attributes(saved);
            a.setLocalFlag(Attributes.LocalFlag.ICANON, false);
            terminal.setAttributes(a);
        }
    }

    @Override
    public int read() throws IOException {
        while (!pending.hasRemaining()) {
            cancellation.check();
            if (!hinted) {
                hinted = true;
                terminal.writer().println(HINT);
                terminal.writer().flush();
                characterMode();
            }
            int c;
            synchronized (this) {
                waiting = Thread.currentThread();
            }
            try {
                c = reader.read(POLL_MILLIS);
            } catch (java.io.InterruptedIOException e) {
                c = NonBlockingReader.READ_EXPIRED;
            } finally {
                synchronized (this) {
                    waiting = null;
                }
                // Clear an interrupt that arrived as the read returned, before touching any file.
                Thread.interrupted();
            }
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
