package io.cairn.cli.docs;

import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Writes a native zsh completion function ({@code _cairn}) from the command tree. */
final class ZshCompletion {
    private ZshCompletion() {}

    static String script(CommandLine root) {
        StringBuilder sb = new StringBuilder();
        sb.append("#compdef cairn\n# Generated from the cairn command tree; do not edit.\n\n");
        function(sb, root, "_cairn");
        sb.append("_cairn \"$@\"\n");
        return sb.toString();
    }

    private static void function(StringBuilder sb, CommandLine cl, String fn) {
        CommandSpec spec = cl.getCommandSpec();
        sb.append(fn).append("() {\n");
        sb.append("  local -a opts\n  opts=(\n");
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                sb.append("    '").append(name);
                if (o.arity().max() > 0) {
                    sb.append(name.startsWith("--") ? "=" : "").append('[').append(esc(desc(o))).append("]:")
                            .append(esc(o.paramLabel())).append(':').append(values(o));
                } else {
                    sb.append('[').append(esc(desc(o))).append(']');
                }
                sb.append("'\n");
            }
        }
        sb.append("  )\n");
        Map<String, CommandLine> subs = cl.getSubcommands();
        if (subs.isEmpty()) {
            sb.append("  _arguments -s $opts '*:argument:'\n}\n\n");
            return;
        }
        sb.append("  local -a commands\n  commands=(\n");
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            sb.append("    '").append(esc(e.getKey())).append(':')
                    .append(esc(first(e.getValue().getCommandSpec().usageMessage().description()))).append("'\n");
        }
        sb.append("  )\n");
        sb.append("  local curcontext=\"$curcontext\" state line\n");
        sb.append("  _arguments -C -s $opts '1: :->command' '*:: :->args'\n");
        sb.append("  case $state in\n    command) _describe -t commands 'command' commands ;;\n");
        sb.append("    args)\n      case $words[1] in\n");
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            String name = e.getKey();
            String sub = fn + "_" + e.getValue().getCommandSpec().name().replace('-', '_');
            sb.append("        ").append(name).append(") ").append(sub).append(" ;;\n");
        }
        sb.append("      esac ;;\n  esac\n}\n\n");
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())) {
                function(sb, e.getValue(), fn + "_" + e.getValue().getCommandSpec().name().replace('-', '_'));
            }
        }
    }

    private static String values(OptionSpec o) {
        if (o.completionCandidates() == null) {
            return o.paramLabel().equals("PATH") || o.paramLabel().equals("DIR") || o.paramLabel().equals("SCRIPT")
                    ? "_files" : "";
        }
        StringBuilder sb = new StringBuilder("(");
        Iterator<String> it = o.completionCandidates().iterator();
        while (it.hasNext()) {
            sb.append(esc(it.next()));
            if (it.hasNext()) {
                sb.append(' ');
            }
        }
        return sb.append(')').toString();
    }

    private static String desc(OptionSpec o) {
        return first(o.description());
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** Escapes for a single-quoted zsh word inside an _arguments spec. */
    private static String esc(String s) {
        return s.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }
}
