package io.cairn.cli;

import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs several commands in one process: the interactive shell, a script file, standard input,
 * or {@code --exec}; scripts stop at the first failure and end with its exit code.
 */
final class Launch {
    /** Words that end a shell or script. */
    static final List<String> EXIT_WORDS = List.of("exit", "quit");

    private Launch() {}

    /**
     * Opens the interactive shell on a terminal; otherwise runs standard input as a script.
     * Blocks until the shell or script ends.
     */
    static int shellOrStdin(CliContext ctx, Map<String, String> launchFlags) {
        if (ctx.session().isInteractive()) {
            throw CommandFailure.usage("already in a shell");
        }
        if (ctx.isTerminal()) {
            return Shell.runOnSystemTerminal(ctx, launchFlags);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        return script(ctx, launchFlags, () -> new StatementReader(in), "standard input");
    }

    /**
     * Reads statements from standard input as they arrive, so that a command runs before the
     * next line is written; a quoted word may span lines.
     */
    private static final class StatementReader implements Iterator<String> {
        private final BufferedReader in;
        private final Deque<String> ready = new ArrayDeque<>();

        StatementReader(BufferedReader in) {
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            try {
                StringBuilder text = new StringBuilder();
                while (ready.isEmpty()) {
                    String line = in.readLine();
                    if (line == null) {
                        if (text.length() > 0) {
                            ready.addAll(Tokenizer.statements(text.toString()));
                            text.setLength(0);
                            continue;
                        }
                        return false;
                    }
                    text.append(line).append('\n');
                    if (!Tokenizer.isOpenQuote(text.toString())) {
                        ready.addAll(Tokenizer.statements(text.toString()));
                        text.setLength(0);
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.removeFirst();
        }
    }

    /** Runs the script file {@code path}; blocks until it ends. */
    static int file(CliContext ctx, Map<String, String> launchFlags, Path path) {
        if (ctx.session().isInteractive()) {
            throw CommandFailure.usage("already in a shell");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return script(ctx, launchFlags, Tokenizer.statements(text), path.toString());
    }

    /**
     * Runs {@code statements} in one session, stopping at the first failure.
     *
     * <p>A transaction still open at the end is rolled back, and the script fails with
     * {@link ExitCodes#USAGE}, since its last writes were not applied.
     */
    static int script(CliContext ctx, Map<String, String> launchFlags, Iterable<String> statements, String origin) {
        if (ctx.session().isInteractive()) {
            throw CommandFailure.usage("already in a shell");
        }
        ctx.startSession(launchFlags);
        try {
            CommandLine cl = CommandLineFactory.create(ctx);
            for (String statement : statements) {
                List<String> words;
                try {
                    words = Tokenizer.words(statement);
                } catch (CommandFailure e) {
                    return Errors.report(ctx, e);
                }
                if (words.isEmpty()) {
                    continue;
                }
                if (EXIT_WORDS.contains(words.get(0))) {
                    break;
                }
                int code = cl.execute(words.toArray(new String[0]));
                if (code != ExitCodes.SUCCESS) {
                    return code;
                }
            }
            if (ctx.session().inTransaction()) {
                return Errors.report(ctx, CommandFailure.usage(origin
                        + " ended with an open transaction; it was rolled back and nothing of it was written"));
            }
            return ExitCodes.SUCCESS;
        } finally {
            ctx.endSession();
        }
    }
}
