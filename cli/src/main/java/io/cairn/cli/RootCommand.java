package io.cairn.cli;

import io.cairn.commands.CommandFailure;
import io.cairn.commands.Tokenizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cairn} command itself: the global options, which every subcommand inherits, and
 * {@code --exec}; without a subcommand it opens the shell.
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = RootCommand.VersionProvider.class, usageHelpAutoWidth = false,
        description = {"A distributed, transactional, ordered key-value database.",
                "Without a command, cairn opens an interactive shell on a terminal; otherwise it runs the commands",
                "read from standard input, one per line, stopping at the first failure."},
        footer = {"", "Keys and values are escaped text by default: printable ASCII as is, \\\\ for a backslash and",
                "\\xNN for any byte. Settings come from cairn.properties files, CAIRN_* variables and flags",
                "(see cairn config show). Exit codes: see cairn help exit-codes."})
public final class RootCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            completionCandidates = OutputCandidates.class,
            description = "Output format: text (default), json, or raw (values only, byte-exact).")
    String output;

    @Option(names = "--hex", scope = ScopeType.INHERIT, description = "Keys and values in hexadecimal, in and out.")
    boolean hex;

    @Option(names = "--base64", scope = ScopeType.INHERIT, description = "Keys and values in base64, in and out.")
    boolean base64;

    @Option(names = {"-d", "--data-dir"}, scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Directory of the embedded database (default ./" + Settings.DEFAULT_DATA_DIR + ").")
    String dataDir;

    @Option(names = "--backend", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Storage backend of the embedded database (default leveldb; see cairn backends).")
    String backend;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "How long the command may wait, e.g. 500ms, 5s, 2m; 0 for no bound (default 30s).")
    String timeout;

    @Option(names = "--cluster", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT,...",
            description = "Use the cluster at these node addresses (or @FILE, a cluster file) instead of the embedded database.")
    String cluster;

    @Option(names = "--consistency", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Reads against a cluster: linearizable (default) or serializable (from the nearest replica).")
    String consistency;

    @Option(names = "--tls", scope = ScopeType.INHERIT,
            description = "Reach the cluster over TLS, trusting the JDK's certificate authorities (or --tls-ca).")
    boolean tls;

    @Option(names = "--tls-ca", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Reach the cluster over TLS, trusting the certificates in this PEM file.")
    String tlsCa;

    @Option(names = {"-e", "--exec"}, paramLabel = "COMMANDS",
            description = "Run COMMANDS separated by ; in one process, stopping at the first failure.")
    String exec;

    /** The root command of a tree running in {@code ctx}. */
    public RootCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The settings given as flags in this parse, key to value. */
    Map<String, String> flags() {
        if (hex && base64) {
            throw CommandFailure.usage("--hex and --base64 cannot be combined");
        }
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "output", output);
        put(m, "data-dir", dataDir);
        put(m, "backend", backend);
        put(m, "timeout", timeout);
        put(m, "cluster", cluster);
        put(m, "consistency", consistency);
        put(m, "tls-ca", tlsCa);
        if (tls) {
            m.put("tls", "true");
        }
        if (hex) {
            m.put("bytes", "hex");
        } else if (base64) {
            m.put("bytes", "base64");
        }
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public Integer call() {
        Map<String, String> launch = flags();
        if (exec != null) {
            String commands = exec;
            return Launch.script(ctx, launch, Tokenizer.statements(commands), "--exec");
        }
        return Launch.shellOrStdin(ctx, launch);
    }

    /** The completion candidates of {@code --output}. */
    static final class OutputCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("text", "json", "raw").iterator();
        }
    }

    /** Prints the version for {@code --version}. */
    static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cairn " + CliContext.versionString()};
        }
    }
}
