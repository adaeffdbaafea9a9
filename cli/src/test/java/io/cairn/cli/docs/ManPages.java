package io.cairn.cli.docs;

import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Writes roff man pages (section 1) for cairn and each of its commands, from the command tree. */
final class ManPages {
    private final String version;

    ManPages(String version) {
        this.version = version;
    }

    /** File name to page text: {@code cairn.1}, {@code cairn-get.1}, {@code cairn-config-show.1}, ... */
    Map<String, String> pages(CommandLine root) {
        Map<String, String> out = new LinkedHashMap<>();
        add(root, out);
        return out;
    }

    private void add(CommandLine cl, Map<String, String> out) {
        CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName("-");
        out.put(name + ".1", page(cl, name));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().name().equals(sub.getCommandName())
                    && !out.containsKey(sub.getCommandSpec().qualifiedName("-") + ".1")) {
                add(sub, out);
            }
        }
    }

    private String page(CommandLine cl, String name) {
        CommandSpec spec = cl.getCommandSpec();
        boolean root = spec.parent() == null;
        StringBuilder sb = new StringBuilder();
        sb.append(".\\\" Generated from the cairn command tree; do not edit.\n");
        sb.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"cairn ").append(version)
                .append("\" \"Cairn Manual\"\n");
        sb.append(".SH NAME\n").append(text(name)).append(" \\- ").append(text(first(spec.usageMessage().description())))
                .append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(text(spec.qualifiedName())).append('\n');
        String synopsis = cl.getHelp().synopsis(0).strip();
        synopsis = synopsis.substring(synopsis.indexOf(spec.qualifiedName()) + spec.qualifiedName().length()).strip();
        sb.append(text(synopsis.replaceAll("\\s+", " "))).append('\n');
        sb.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            sb.append(text(line)).append('\n');
        }
        if (root) {
            for (String line : spec.usageMessage().footer()) {
                if (!line.isBlank()) {
                    sb.append(text(line)).append('\n');
                }
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters();
        if (!params.isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                sb.append(".TP\n.I ").append(text(p.paramLabel())).append('\n')
                        .append(text(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> own = new ArrayList<>();
        List<OptionSpec> inherited = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            (o.inherited() ? inherited : own).add(o);
        }
        options(sb, "OPTIONS", own);
        options(sb, "GLOBAL OPTIONS", inherited);
        if (!cl.getSubcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
                CommandSpec sub = e.getValue().getCommandSpec();
                if (!sub.name().equals(e.getKey())) {
                    continue;
                }
                sb.append(".TP\n.B ").append(text(e.getKey())).append('\n')
                        .append(text(first(sub.usageMessage().description()))).append('\n')
                        .append("See \\fB").append(text(sub.qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        if (root) {
            sb.append(".SH FILES\n");
            for (String f : List.of("/etc/cairn/cairn.properties", "~/.config/cairn/cairn.properties",
                    "./cairn.properties")) {
                sb.append(".TP\n.I ").append(text(f)).append('\n');
            }
            sb.append("Settings, lowest to highest layer; CAIRN_* environment variables and flags override them. ")
                    .append("See \\fBcairn config show\\fR.\n");
            sb.append(".TP\n.I ./cairn-data\nThe embedded database, unless data-dir says otherwise.\n");
        }
        sb.append(".SH EXIT STATUS\n");
        for (ExitCodes.Code c : ExitCodes.describe()) {
            sb.append(".TP\n.B ").append(c.code()).append('\n').append(text(c.name() + ": " + c.meaning())).append('\n');
        }
        sb.append(".SH SEE ALSO\n").append(root ? "\\fBcairn help exit-codes\\fR" : "\\fBcairn\\fR(1)").append('\n');
        return sb.toString();
    }

    private static void options(StringBuilder sb, String title, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        sb.append(".SH ").append(title).append('\n');
        for (OptionSpec o : options) {
            StringBuilder names = new StringBuilder();
            for (String n : o.names()) {
                if (names.length() > 0) {
                    names.append(", ");
                }
                names.append("\\fB").append(text(n)).append("\\fR");
            }
            if (o.arity().max() > 0) {
                names.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
            }
            sb.append(".TP\n").append(names).append('\n').append(text(String.join(" ", o.description()))).append('\n');
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** Escapes text for roff: backslashes, hyphens, and a leading dot or quote. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t;
    }
}
