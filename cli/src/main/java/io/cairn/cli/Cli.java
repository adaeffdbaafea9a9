package io.cairn.cli;

import io.cairn.commands.ExitCodes;
import java.util.Map;

/** Runs cairn with arguments and streams, and returns the exit code; {@link Main} exits with it. */
public final class Cli {
    private Cli() {}

    /**
     * Runs {@code args}: a command, or with none the shell (on a terminal) or the commands read
     * from standard input. Blocks until done; closes the database it opened.
     */
    public static int run(String[] args, Io io, Environment env, DatabaseOpener opener) {
        return run(args, io, env, opener, true);
    }

    /**
     * Runs {@code args} as {@link #run(String[], Io, Environment, DatabaseOpener)} does; with
     * {@code direct} false, a plain get goes through picocli too (tests compare the two ways).
     */
    static int run(String[] args, Io io, Environment env, DatabaseOpener opener, boolean direct) {
        try (CliContext ctx = new CliContext(io, env, opener)) {
            try {
                if (args.length == 0) {
                    return Launch.shellOrStdin(ctx, Map.of());
                }
                Integer code = direct ? DirectGet.run(ctx, args) : null;
                if (code != null) {
                    return code;
                }
                return CommandLineFactory.createFor(ctx, args).execute(args);
            } catch (RuntimeException e) {
                return Errors.report(ctx, e);
            } finally {
                io.out().flush();
                io.err().flush();
            }
        } catch (RuntimeException e) {
            io.err().println("cairn: " + ExitCodes.message(e));
            return ExitCodes.of(e);
        }
    }
}
