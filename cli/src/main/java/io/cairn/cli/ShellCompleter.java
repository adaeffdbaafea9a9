package io.cairn.cli;

import io.cairn.commands.info.HelpCommand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion for the shell, read off the command tree: command names, then the options of
 * the command, option values with known candidates, recently used keys where a key goes, and the
 * keyspaces the session has seen where a keyspace name goes.
 */
final class ShellCompleter implements Completer {
    /** Parameter labels and options that take a key. */
    private static final Set<String> KEY_LABELS = Set.of("KEY", "BEGIN", "END", "PREFIX");
    private static final Set<String> KEY_OPTIONS = Set.of("--begin", "--end", "--prefix");

    private final CommandLine root;
    private final CliContext ctx;

    ShellCompleter(CommandLine root, CliContext ctx) {
        this.root = root;
        this.ctx = ctx;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        CommandLine cmd = root;
        int positionals = 0;
        OptionSpec pendingOption = null;
        for (int i = 0; i < index && i < words.size(); i++) {
            String w = words.get(i);
            if (pendingOption != null) {
                pendingOption = null;
                continue;
            }
            CommandLine sub = cmd.getSubcommands().get(w);
            if (sub != null && positionals == 0) {
                cmd = sub;
                continue;
            }
            if (w.startsWith("-")) {
                OptionSpec o = cmd.getCommandSpec().findOption(w);
                if (o != null && o.arity().max() > 0 && !w.contains("=")) {
                    pendingOption = o;
                }
            } else {
                positionals++;
            }
        }
        String word = index < words.size() ? words.get(index) : "";
        if (pendingOption != null) {
            optionValues(pendingOption, candidates);
            return;
        }
        CommandSpec spec = cmd.getCommandSpec();
        if (word.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                for (String name : o.names()) {
                    candidates.add(new Candidate(name, name, null, firstLine(o.description()), null, null, true));
                }
            }
            return;
        }
        if (cmd == root) {
            for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
                candidates.add(new Candidate(e.getKey(), e.getKey(), "commands",
                        firstLine(e.getValue().getCommandSpec().usageMessage().description()), null, null, true));
            }
            for (String w : Launch.EXIT_WORDS) {
                candidates.add(new Candidate(w, w, "commands", "leave the shell", null, null, true));
            }
            return;
        }
        if (!cmd.getSubcommands().isEmpty() && positionals == 0) {
            for (String name : cmd.getSubcommands().keySet()) {
                candidates.add(new Candidate(name, name, null, null, null, null, true));
            }
            return;
        }
        if (spec.userObject() instanceof HelpCommand) {
            for (String name : root.getSubcommands().keySet()) {
                candidates.add(new Candidate(name));
            }
            candidates.add(new Candidate(HelpCommand.EXIT_CODES));
            return;
        }
        if (positionals == 0 && (spec.userObject() instanceof io.cairn.commands.keyspace.KeyspaceShow
                || spec.userObject() instanceof io.cairn.commands.keyspace.KeyspaceDrop)) {
            keyspaces(candidates);
            return;
        }
        List<PositionalParamSpec> params = spec.positionalParameters();
        if (positionals < params.size() && KEY_LABELS.contains(params.get(positionals).paramLabel())) {
            recentKeys(candidates);
        }
    }

    private void optionValues(OptionSpec option, List<Candidate> candidates) {
        if (option.completionCandidates() != null) {
            for (String c : option.completionCandidates()) {
                candidates.add(new Candidate(c));
            }
        } else if (option.longestName().equals("--backend")) {
            for (String name : ctx.backends().keySet()) {
                candidates.add(new Candidate(name));
            }
        } else if (option.longestName().equals("--keyspace")) {
            keyspaces(candidates);
        } else if (KEY_OPTIONS.contains(option.longestName())) {
            recentKeys(candidates);
        }
    }

    private void recentKeys(List<Candidate> candidates) {
        for (byte[] key : ctx.session().recentKeys()) {
            String text = ctx.byteFormat().format(key);
            candidates.add(new Candidate(text, text, "recent keys", null, null, null, true));
        }
    }

    /** The keyspaces the session knows of: those listed, created, shown or used in it. */
    private void keyspaces(List<Candidate> candidates) {
        for (String name : ctx.session().keyspaces()) {
            candidates.add(new Candidate(name, name, "keyspaces", null, null, null, true));
        }
    }

    private static String firstLine(String[] lines) {
        return lines == null || lines.length == 0 ? null : lines[0];
    }
}
