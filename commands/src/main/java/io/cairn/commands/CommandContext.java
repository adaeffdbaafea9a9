package io.cairn.commands;

import io.cairn.api.Database;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may use of the world around it: the database, the standard streams, the
 * effective settings and the shell session. The command line implements it; tests implement it
 * with captured streams.
 *
 * <p>Not thread-safe, except {@link #cancellation()}, which Ctrl-C uses from another thread.
 */
public interface CommandContext {
    /** The database, opened on first use; blocks while opening. */
    Database database();

    /**
     * Opens one more database on the same target over a connection of its own, for load spread
     * over several connections ({@code bench --connections}); blocks while it opens. The caller
     * closes it. Thread-safe as the database it returns is; does not open {@link #database()} for
     * a target that has no connections.
     *
     * @return the new database, or empty when the target has no connections to add: the embedded
     *     database (one engine per process), or a context that cannot open more
     */
    default Optional<Database> openConnection() {
        return Optional.empty();
    }

    /** Standard output, for data only. */
    PrintStream out();

    /** Standard error, for messages, warnings and errors. */
    PrintStream err();

    /** Standard input. */
    InputStream in();

    /** Whether standard input and output are both an interactive terminal. */
    boolean isTerminal();

    /**
     * Asks the person at the terminal a yes/no {@code question}; blocks for the answer.
     *
     * @return true only for an answer starting with {@code y}
     */
    boolean confirm(String question);

    /** How results are printed. */
    OutputFormat outputFormat();

    /** How keys and values are written on input and output. */
    ByteFormat byteFormat();

    /** How long one command may wait in total; {@link Duration#ZERO} for no bound. */
    Duration timeout();

    /** Facts about the database for {@code status}: where the data is, which backend, versions, counts. */
    Map<String, Object> status();

    /** The storage backends available to this executable, name to description, sorted by name. */
    Map<String, String> backends();

    /** Every effective setting with its value and where it came from, in a stable order. */
    List<Setting> settings();

    /** The version of this executable, e.g. {@code 0.1.0}. */
    String version();

    /** The shell session (interactive transaction, recent keys); a fresh one outside the shell. */
    Session session();

    /** Where Ctrl-C cancels the running operation. */
    Cancellation cancellation();

    /** One effective setting: its key, its value and its source (default, a file and line, environment, flag). */
    record Setting(String key, String value, String source) {}
}
