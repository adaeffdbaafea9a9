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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Builds the command tree of cairn around a {@link CliContext}; {@code Main}, the shell, scripts
 * and tests all drive the tree it returns, writing to the context's streams.
 */
public final class CommandLineFactory {
    /** Columns of usage help, wide enough for one-line command summaries. */
    static final int USAGE_WIDTH = 100;

    private CommandLineFactory() {}

    /** The commands in the order help lists them, by name, each created for a context. */
    private static final Map<String, Function<CliContext, Object>> COMMANDS = commands();
    /** Options of the root command that take a value as the next argument. */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE =
            Set.of("-o", "--output", "-d", "--data-dir", "--backend", "--timeout", "-e", "--exec", "--cluster",
                    "--consistency", "--tls-ca");

    private static Map<String, Function<CliContext, Object>> commands() {
        Map<String, Function<CliContext, Object>> m = new LinkedHashMap<>();
        m.put("get", Get::new);
        m.put("put", Put::new);
        m.put("delete", Delete::new);
        m.put("scan", Scan::new);
        m.put("clear-range", ClearRange::new);
        m.put("txn", Txn::new);
        m.put("begin", Begin::new);
        m.put("commit", Commit::new);
        m.put("rollback", Rollback::new);
        m.put("keyspace", ctx -> new io.cairn.commands.keyspace.KeyspaceGroup());
        m.put("status", Status::new);
        m.put("backends", Backends::new);
        m.put("config", ctx -> new Config());
        m.put("backup", ctx -> new Backup());
        m.put("maintenance", ctx -> new Maintenance());
        m.put("bench", io.cairn.commands.bench.Bench::new);
        m.put("version", Version::new);
        m.put("node", ctx -> new io.cairn.commands.node.NodeGroup());
        m.put("cluster", ctx -> new io.cairn.commands.cluster.ClusterGroup());
        m.put("partition", ctx -> new io.cairn.commands.partition.PartitionGroup());
        m.put("shell", ShellCommand::new);
        m.put("help", HelpCommand::new);
        return m;
    }

    /** A fresh command tree with every command, running in {@code ctx}; errors map to {@link ExitCodes}. */
    public static CommandLine create(CliContext ctx) {
        return create(ctx, COMMANDS.keySet());
    }

    /**
     * The tree for one command line: when {@code args} name a command directly, a tree with only
     * that command, which starts faster (the root alone for {@code --version}); otherwise (help,
     * --exec, a misspelt command) every command.
     */
    public static CommandLine createFor(CliContext ctx, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (ROOT_OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                String name = a.equals("clear") ? "delete" : a;
                return COMMANDS.containsKey(name) && !name.equals("help") ? create(ctx, Set.of(name)) : create(ctx);
            } else if (a.equals("-h") || a.equals("--help") || a.equals("-e") || a.startsWith("--exec")) {
                return create(ctx);
            } else if (a.equals("-V") || a.equals("--version")) {
                return create(ctx, Set.of());
            }
        }
        return create(ctx);
    }

    private static CommandLine create(CliContext ctx, Set<String> names) {
        RootCommand root = new RootCommand(ctx);
        Factory factory = new Factory(ctx);
        CommandLine cl = new CommandLine(root, factory);
        for (Map.Entry<String, Function<CliContext, Object>> e : COMMANDS.entrySet()) {
            if (names.contains(e.getKey())) {
                cl.addSubcommand(new CommandLine(e.getValue().apply(ctx), factory));
            }
        }
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
            ctx.flags(Map.of());
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
