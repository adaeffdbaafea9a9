package io.cairn.cli;

import io.cairn.commands.ExitCodes;
import io.cairn.commands.backup.Backup;
import io.cairn.commands.info.Backends;
import io.cairn.commands.info.Config;
import io.cairn.commands.info.HelpCommand;
import io.cairn.commands.info.Status;
import io.cairn.commands.info.Version;
import io.cairn.commands.kv.ClearRange;
import io.cairn.commands.kv.Delete;
import io.cairn.commands.kv.Get;
import io.cairn.commands.kv.Put;
import io.cairn.commands.kv.Scan;
import io.cairn.commands.maintenance.Maintenance;
import io.cairn.commands.txn.Begin;
import io.cairn.commands.txn.Commit;
import io.cairn.commands.txn.Rollback;
import io.cairn.commands.txn.Txn;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Builds the command tree of cairn around a {@link CliContext}; {@code Main}, the shell, scripts
 * and tests all drive the tree it returns, writing to the context's streams.
 */
public final class CommandLineFactory {
    /** Columns of usage help, wide enough for one-line command summaries. */
    static final int USAGE_WIDTH = 100;

    private CommandLineFactory() {}

    /** A fresh command tree whose commands run in {@code ctx}; errors map to {@link ExitCodes}. */
    public static CommandLine create(CliContext ctx) {
        RootCommand root = new RootCommand(ctx);
        CommandLine cl = new CommandLine(root, new Factory(ctx));
        cl.addSubcommand(new CommandLine(new Get(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Put(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Delete(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Scan(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new ClearRange(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Txn(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Begin(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Commit(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Rollback(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Status(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Backends(ctx), new Factory(ctx)));
        CommandLine config = new CommandLine(new Config(), new Factory(ctx));
        cl.addSubcommand(config);
        cl.addSubcommand(new CommandLine(new Backup(), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Maintenance(), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new Version(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new ShellCommand(ctx), new Factory(ctx)));
        cl.addSubcommand(new CommandLine(new HelpCommand(ctx), new Factory(ctx)));
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setExecutionStrategy(parseResult -> execute(ctx, root, parseResult));
        cl.setParameterExceptionHandler((ex, args) -> Errors.usage(ctx, ex));
        return cl;
    }

    private static int execute(CliContext ctx, RootCommand root, CommandLine.ParseResult parseResult) {
        try {
            ctx.cancellation().reset();
            ctx.flags(root.flags());
            return new CommandLine.RunLast().execute(parseResult);
        } catch (CommandLine.ExecutionException e) {
            return Errors.report(ctx, e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            return Errors.report(ctx, e);
        } finally {
            ctx.out().flush();
            ctx.flags(java.util.Map.of());
        }
    }

    /** Creates commands that take the context in their constructor; others with no arguments. */
    private static final class Factory implements CommandLine.IFactory {
        private final CliContext ctx;

        Factory(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                Class<?>[] params = c.getParameterTypes();
                if (params.length == 1 && params[0].isInstance(ctx)) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(ctx));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
