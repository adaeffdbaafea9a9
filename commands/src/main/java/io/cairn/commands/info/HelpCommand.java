package io.cairn.commands.info;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn help [COMMAND...|exit-codes]}: usage of cairn or of one command, or the exit codes. */
@Command(name = "help", description = "Shows the usage of cairn or of COMMAND; 'help exit-codes' lists the exit codes.")
public final class HelpCommand extends BaseCommand {
    /** The help topic that lists exit codes. */
    public static final String EXIT_CODES = "exit-codes";

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "A command (and subcommand), or exit-codes.")
    List<String> topic = new ArrayList<>();

    /** A help command running in {@code ctx}. */
    public HelpCommand(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        if (topic.size() == 1 && topic.get(0).equals(EXIT_CODES)) {
            ctx.out().print(exitCodesText());
            return ExitCodes.SUCCESS;
        }
        CommandLine cl = spec.root().commandLine();
        for (String word : topic) {
            CommandLine sub = cl.getSubcommands().get(word);
            if (sub == null) {
                throw CommandFailure.usage("no command '" + word + "'; run cairn help for the list");
            }
            cl = sub;
        }
        ctx.out().print(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        ctx.out().flush();
        return ExitCodes.SUCCESS;
    }

    /** The table of exit codes, as printed by {@code cairn help exit-codes}. */
    public static String exitCodesText() {
        StringBuilder sb = new StringBuilder("Exit codes of cairn:\n");
        for (ExitCodes.Code c : ExitCodes.describe()) {
            sb.append(String.format("  %3d  %-13s %s%n", c.code(), c.name(), c.meaning()));
        }
        return sb.toString();
    }
}
