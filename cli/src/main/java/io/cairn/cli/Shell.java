package io.cairn.cli;

import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The interactive shell: reads commands with JLine (history, completion, multi-line quotes) and
 * runs them on the same command tree as the command line.
 *
 * <p>Ctrl-C cancels the running command, or clears the line being typed; Ctrl-D or {@code exit}
 * leaves, rolling back an open transaction. Blocks until the shell ends.
 */
public final class Shell {
    /** The prompt outside a transaction. */
    static final String PROMPT = "cairn> ";
    /** The prompt while {@code begin} has a transaction open. */
    static final String TXN_PROMPT = "cairn (txn)> ";

    private final CliContext ctx;
    private final Terminal terminal;

    /** A shell running commands in {@code ctx} on {@code terminal}. */
    public Shell(CliContext ctx, Terminal terminal) {
        this.ctx = ctx;
        this.terminal = terminal;
    }

    /** Runs the shell on this process's terminal. */
    static int runOnSystemTerminal(CliContext ctx, Map<String, String> launchFlags) {
        Io saved = ctx.io();
        try (Terminal terminal = TerminalBuilder.builder().system(true).name("cairn").build()) {
            return new Shell(ctx, terminal).run(launchFlags);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        } finally {
            ctx.io(saved);
        }
    }

    /** Runs the shell until Ctrl-D or {@code exit}; returns {@link ExitCodes#SUCCESS}. */
    public int run(Map<String, String> launchFlags) {
        if (ctx.session().isInteractive()) {
            throw CommandFailure.usage("already in a shell");
        }
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        TerminalInput input = new TerminalInput(terminal, ctx.cancellation());
        ctx.io(new Io(input, out, out, true));
        ctx.startSession(launchFlags);
        CommandLine cl = CommandLineFactory.create(ctx);
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        parser.setEofOnUnclosedQuote(true);
        Path history = ctx.settingsInEffect().historyFile(ctx.environment());
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("cairn")
                .parser(parser)
                .completer(new ShellCompleter(cl, ctx))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P  > ")
                .build();
        ctx.confirmer(question -> confirm(reader, question));
        out.println("cairn " + CliContext.versionString() + " shell; 'help' lists commands, Ctrl-D leaves.");
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(ctx.session().inTransaction() ? TXN_PROMPT : PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (runLine(cl, input, line)) {
                    break;
                }
            }
        } finally {
            ctx.confirmer(null);
            if (ctx.endSession()) {
                out.println("the open transaction was rolled back; nothing of it was written");
            }
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                out.println("warning: cannot save the shell history to " + history + ": " + e.getMessage());
            }
            out.flush();
        }
        return ExitCodes.SUCCESS;
    }

    /** Runs the statements of one input line; returns true when one of them was exit. */
    private boolean runLine(CommandLine cl, TerminalInput input, String line) {
        List<String> statements = Tokenizer.statements(line);
        for (String statement : statements) {
            List<String> words;
            try {
                words = Tokenizer.words(statement);
            } catch (CommandFailure e) {
                Errors.report(ctx, e);
                return false;
            }
            if (words.isEmpty()) {
                continue;
            }
            if (Launch.EXIT_WORDS.contains(words.get(0))) {
                return true;
            }
            input.startCommand();
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> ctx.cancellation().cancel());
            int code;
            try {
                code = cl.execute(words.toArray(new String[0]));
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                input.endCommand();
            }
            if (code != ExitCodes.SUCCESS) {
                return false;
            }
        }
        return false;
    }

    private static boolean confirm(LineReader reader, String question) {
        try {
            String answer = reader.readLine(question + " [y/N] ");
            return answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }
}
