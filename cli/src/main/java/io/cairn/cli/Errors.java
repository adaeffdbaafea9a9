package io.cairn.cli;

import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Prints failures to stderr, one clear line each, and returns their exit code from {@link ExitCodes}. */
final class Errors {
    private Errors() {}

    /** Reports a failure of a running command. */
    static int report(CliContext ctx, Throwable t) {
        int code = ExitCodes.of(t);
        String message = ExitCodes.message(t);
        if (message != null && !message.isEmpty()) {
            ctx.err().println("cairn: " + message);
        }
        if (code == ExitCodes.INTERNAL) {
            t.printStackTrace(ctx.err());
        }
        ctx.err().flush();
        return code;
    }

    /** Reports a command line that does not parse, with suggestions for a misspelt command or option. */
    static int usage(CliContext ctx, CommandLine.ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        String help = name.equals("cairn") ? "cairn --help" : "cairn help " + name.substring("cairn ".length());
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            boolean command = !word.startsWith("-") && !cl.getSubcommands().isEmpty();
            List<String> candidates = new ArrayList<>();
            if (command) {
                candidates.addAll(cl.getSubcommands().keySet());
            } else {
                for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                    candidates.addAll(List.of(o.names()));
                }
            }
            String what = command ? "command" : word.startsWith("-") ? "option" : "argument";
            String close = closest(word.contains("=") ? word.substring(0, word.indexOf('=')) : word, candidates);
            ctx.err().println("cairn: unknown " + what + " '" + word + "'" + (name.equals("cairn") ? "" : " for " + name)
                    + (close == null ? "" : "; did you mean '" + close + "'?"));
        } else {
            ctx.err().println("cairn: " + ex.getMessage());
        }
        ctx.err().println("Run '" + help + "' for usage.");
        ctx.err().flush();
        return ExitCodes.USAGE;
    }

    /** The candidate nearest to {@code word} by edit distance, or null when none is near. */
    static String closest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Math.max(2, word.length() / 3) + 1;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance || (d == bestDistance && best == null && c.startsWith(word))) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
