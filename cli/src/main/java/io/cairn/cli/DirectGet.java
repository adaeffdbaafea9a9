package io.cairn.cli;

import io.cairn.commands.kv.Get;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs the plainest form of the command scripts run most, {@code cairn [OPTIONS] get KEY}, without
 * building the picocli command tree, whose first use costs more than the whole get.
 *
 * <p>It recognises only command lines whose meaning is unambiguous: the global options in their
 * {@code --name VALUE}, {@code -x VALUE} or {@code --name=VALUE} forms (each at most once, values
 * not starting with {@code -} or {@code @}), the flags {@code --hex}, {@code --base64} and
 * {@code --tls}, the word {@code get} and one key not starting with {@code -} or {@code @}. Any
 * other command line (help, {@code --}, argument files, a repeated option, a missing or extra
 * argument, anything picocli would reject or treat specially, and every command line while
 * {@code picocli.trace} is set) goes to picocli, so that every message and exit code stays
 * picocli's. What runs is the same {@link Get} command with the same
 * flags and error mapping as {@link CommandLineFactory}'s tree.
 */
final class DirectGet {
    /** The global options that take a value, each name mapped to its canonical (long) name. */
    private static final Map<String, String> VALUE_OPTIONS = Map.ofEntries(
            Map.entry("-o", "--output"), Map.entry("--output", "--output"),
            Map.entry("-d", "--data-dir"), Map.entry("--data-dir", "--data-dir"),
            Map.entry("--backend", "--backend"), Map.entry("--timeout", "--timeout"),
            Map.entry("--cluster", "--cluster"), Map.entry("--consistency", "--consistency"),
            Map.entry("--tls-ca", "--tls-ca"));
    private static final Set<String> FLAGS = Set.of("--hex", "--base64", "--tls");

    private DirectGet() {}

    /**
     * Runs {@code args} when they are a plain {@code get}; blocks until it is done.
     *
     * @return the exit code, or {@code null} when {@code args} are not a plain get and nothing ran
     */
    static Integer run(CliContext ctx, String[] args) {
        if (System.getProperty("picocli.trace") != null) {
            // Whoever traces picocli's parsing wants to see it parse this command line too.
            return null;
        }
        RootCommand root = new RootCommand(ctx);
        Set<String> seen = new HashSet<>();
        boolean command = false;
        String key = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.isEmpty() || a.startsWith("@")) {
                return null;
            }
            String name = a;
            String value = null;
            if (a.startsWith("--") && a.indexOf('=') > 2) {
                name = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
                if (!VALUE_OPTIONS.containsKey(name)) {
                    return null;
                }
            } else if (VALUE_OPTIONS.containsKey(a)) {
                if (i + 1 == args.length) {
                    return null;
                }
                value = args[++i];
            }
            if (value != null) {
                String canonical = VALUE_OPTIONS.get(name);
                if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || !seen.add(canonical)) {
                    return null;
                }
                set(root, canonical, value);
            } else if (FLAGS.contains(a)) {
                if (!seen.add(a)) {
                    return null;
                }
                root.hex |= a.equals("--hex");
                root.base64 |= a.equals("--base64");
                root.tls |= a.equals("--tls");
            } else if (a.startsWith("-")) {
                return null;
            } else if (!command) {
                if (!a.equals("get")) {
                    return null;
                }
                command = true;
            } else if (key == null) {
                key = a;
            } else {
                return null;
            }
        }
        if (key == null) {
            return null;
        }
        WarmUp.begin();
        return execute(ctx, root, key);
    }

    private static void set(RootCommand root, String option, String value) {
        switch (option) {
            case "--output" -> root.output = value;
            case "--data-dir" -> root.dataDir = value;
            case "--backend" -> root.backend = value;
            case "--timeout" -> root.timeout = value;
            case "--cluster" -> root.cluster = value;
            case "--consistency" -> root.consistency = value;
            case "--tls-ca" -> root.tlsCa = value;
            default -> throw new IllegalStateException("option list out of step: " + option);
        }
    }

    /** Runs the get as {@link CommandLineFactory}'s execution strategy runs a parsed command. */
    private static int execute(CliContext ctx, RootCommand root, String key) {
        try {
            ctx.cancellation().reset();
            ctx.flags(root.flags());
            return new Get(ctx, key).call();
        } catch (RuntimeException e) {
            return Errors.report(ctx, e);
        } finally {
            ctx.out().flush();
            ctx.flags(Map.of());
        }
    }
}
