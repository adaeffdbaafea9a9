package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Drives the shell through a JLine terminal on piped streams, as a person would type. */
@Timeout(60)
class ShellTest {
    @TempDir
    Path tmp;
    Harness h;
    PipedOutputStream keyboard;
    Screen screen;
    Terminal terminal;
    CompletableFuture<Integer> shell;

    /** What the terminal shows, readable while the shell writes. */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8).replace("\r", "");
        }
    }

    @BeforeEach
    void start(TestInfo test) throws IOException {
        // Completion needs a terminal that can redraw the line; the other tests read plainer output.
        String type = test.getDisplayName().startsWith("tab") ? "xterm" : "dumb";
        h = new Harness(tmp);
        keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
        screen = new Screen();
        terminal = TerminalBuilder.builder().system(false).streams(in, screen).type(type)
                .encoding(StandardCharsets.UTF_8).build();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(new Io(new ByteArrayInputStream(new byte[0]), quiet, quiet, true),
                h.environment(), h.opener());
        shell = CompletableFuture.supplyAsync(() -> {
            try {
                return new Shell(ctx, terminal).run(Map.of());
            } finally {
                ctx.close();
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        keyboard.close();
        shell.get(30, TimeUnit.SECONDS);
        terminal.close();
    }

    private void type(String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Waits up to 20 s until the screen shows {@code text} after position {@code from}. */
    private int await(String text, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (System.nanoTime() > deadline) {
                String state = shell.isDone() ? "shell ended: " + shell.handle((v, e) -> v + " " + e).join() : "shell running";
                throw new AssertionError("the screen never showed '" + text + "' (" + state + "):\n" + screen.text());
            }
            String s = screen.text();
            int i = s.indexOf(text, from);
            if (i >= 0) {
                return i + text.length();
            }
            Thread.sleep(10);
        }
    }

    private byte[] value(String key) {
        return h.db.snapshot().get(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void interactiveTransactionReadsItsOwnWritesAndCommits() throws Exception {
        type("begin\n");
        int at = await("transaction open", 0);
        type("put k v\nget k\n");
        at = await("cairn (txn)> ", at);
        at = await("> v\n", at);
        assertNull(value("k"), "nothing is visible before commit");
        type("commit\n");
        at = await("committed at version", at);
        await("cairn> ", at);
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), value("k"));
    }

    @Test
    void conflictAtCommitIsReportedClearlyAndTheShellGoesOn() throws Exception {
        type("put a 1\nbegin\nget a\n");
        int at = await("> 1\n", 0);
        h.db.putDirect("a".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8));
        type("put a 3\ncommit\n");
        at = await("commit failed: not_committed (1020): another transaction changed something this one read; "
                + "nothing was written", at);
        assertArrayEquals("2".getBytes(StandardCharsets.UTF_8), value("a"));
        type("get a\n");
        await("> 2\n", at);
    }

    @Test
    void ctrlCCancelsTheRunningCommandNotTheShell() throws Exception {
        type("put k -\n");
        int at = await(TerminalInput.HINT, 0);
        // The hint is printed by the running command, after the shell set its Ctrl-C handler.
        terminal.raise(Terminal.Signal.INT);
        at = await("transaction_cancelled (1025): cancelled by Ctrl-C", at);
        type("get k\n");
        await("key 'k' not found", at);
        assertNull(value("k"));
    }

    @Test
    void tabCompletesCommandsAndRecentKeys() throws Exception {
        type("put user/42 alice\n");
        int at = await("put 'user/42'", 0);
        type("ge\tus\t\n");
        // The value shows only if Tab made "ge us" into "get user/42"; the typed words alone fail.
        await("alice", at);
    }

    @Test
    void multiLineInputAndStatementsSeparatedBySemicolons() throws Exception {
        type("put \"two\nlines\" v; get \"two\nlines\"\n");
        await("\nv\n", 0);
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), value("two\nlines"));
    }

    @Test
    void endOfInputLeavesAndRollsBackAnOpenTransaction() throws Exception {
        type("begin\nput z 1\n");
        await("in the open transaction", 0);
        keyboard.close();
        assertEquals(0, shell.get(30, TimeUnit.SECONDS));
        await("the open transaction was rolled back", 0);
        assertNull(value("z"));
    }
}
